namespace Warbler.Chat.Auth;

/// <summary>The chat's authentication scheme; its policies also name the gateway's admin key scheme (<c>GatewayAuthSchemes.AdminKey</c>).</summary>
public static class ChatAuthSchemes
{
    /// <summary>A signed-in user: Identity's bearer token when an <c>Authorization: Bearer</c> header is sent, its cookie otherwise.</summary>
    public const string User = "Warbler.User";
}
