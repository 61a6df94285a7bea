namespace Warbler.Gateway.Auth;

/// <summary>The gateway's authorization policies; an endpoint names one with <c>RequireAuthorization</c>.</summary>
public static class GatewayPolicies
{
    /// <summary>A live gateway key (the admin key is one too): every <c>/v1</c> route.</summary>
    public const string GatewayKey = "gateway key";

    /// <summary>
    /// An admin: the admin key, or a signed-in user with the admin role (when the chat lets users in,
    /// see <see cref="AdminApiAuthenticationOptions.UserScheme"/>). Another key is known but not an
    /// admin (403). For <c>/api/admin</c>.
    /// </summary>
    public const string Admin = "admin";

    /// <summary>The admin key, and nothing else: for managing users and who is an admin.</summary>
    public const string AdminKey = "admin key";
}
