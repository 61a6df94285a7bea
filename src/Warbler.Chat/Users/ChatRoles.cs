namespace Warbler.Chat.Users;

/// <summary>The roles every Warbler has, created at start.</summary>
public static class ChatRoles
{
    /// <summary>May manage bots (and, later, everything in the chat).</summary>
    public const string Admin = "admin";

    /// <summary>Every user: given at registration.</summary>
    public const string User = "user";

    public static IReadOnlyList<string> All { get; } = [Admin, User];
}
