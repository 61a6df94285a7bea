namespace Warbler.Chat.Identity;

/// <summary>
/// The chat API's authorization policies. An endpoint names one with
/// <c>RequireAuthorization(ChatPolicies.SignedIn)</c>; with none, nobody is authenticated for it.
/// </summary>
public static class ChatPolicies
{
    /// <summary>A signed-in user (bearer token or cookie) who still exists. The default policy, and what rooms and messages need.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>A signed-in user or the gateway's admin key: for what both may read, such as the bots.</summary>
    public const string SignedInOrAdminKey = "signed-in-or-admin-key";

    /// <summary>A signed-in user in the role <c>admin</c> (checked against the database on each request), or the admin key.</summary>
    public const string Admin = "admin";
}
