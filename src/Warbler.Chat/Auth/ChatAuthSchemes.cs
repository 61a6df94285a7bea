namespace Warbler.Chat.Auth;

/// <summary>The authentication schemes the chat's policies name.</summary>
public static class ChatAuthSchemes
{
    /// <summary>A signed-in user: Identity's bearer token when an <c>Authorization: Bearer</c> header is sent, its cookie otherwise.</summary>
    public const string User = "Warbler.User";

    /// <summary>The gateway's admin key, sent as a bearer token: it acts as an admin.</summary>
    public const string AdminKey = "Warbler.AdminKey";
}
