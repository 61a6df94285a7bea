namespace Warbler.Chat.Identity;

/// <summary>
/// The chat API's authorization policies. An endpoint names one with
/// <c>RequireAuthorization(ChatPolicies.SignedIn)</c>; with none, nobody is authenticated for it.
/// The gateway's policies (<c>GatewayPolicies</c>) serve <c>/v1</c> and <c>/api/admin</c>.
/// </summary>
public static class ChatPolicies
{
    /// <summary>A signed-in user (bearer token or cookie) who still exists. The default policy, and what rooms and messages need.</summary>
    public const string SignedIn = "signed-in user";

    /// <summary>A signed-in user or the gateway's admin key: for what both may read, such as the bots.</summary>
    public const string SignedInOrAdminKey = "signed-in user or admin key";

    /// <summary>
    /// An admin, as the gateway's "admin" policy requires one (<c>AdminRequirement</c>: a user in the
    /// role <c>admin</c>, checked against the database on each request, or the admin key), signed in
    /// with a user's credential or the admin key. Unlike on <c>/api/admin</c>, another gateway key is
    /// no credential here (401, not 403).
    /// </summary>
    public const string Admin = "chat admin";
}
