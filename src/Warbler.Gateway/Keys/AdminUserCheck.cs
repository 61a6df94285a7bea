namespace Warbler.Gateway.Keys;

/// <summary>What a request says about a signed-in user, for <c>/api/admin</c> routes that admins may use too.</summary>
public enum AdminUserStatus
{
    /// <summary>No user is signed in (or the user no longer exists).</summary>
    NotSignedIn,

    /// <summary>A user is signed in but does not have the admin role.</summary>
    NotAdmin,

    /// <summary>A user with the admin role is signed in.</summary>
    Admin,
}

/// <summary>
/// Tells whether a request comes from a signed-in admin. The gateway knows only keys; the chat,
/// which knows users, registers one, so that its admins can manage keys, providers and usage from
/// the web app without holding the admin key.
/// </summary>
public interface IAdminUserCheck
{
    Task<AdminUserStatus> CheckAsync(HttpContext context);
}
