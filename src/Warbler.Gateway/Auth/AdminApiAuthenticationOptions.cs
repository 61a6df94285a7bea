using Microsoft.AspNetCore.Authentication;

namespace Warbler.Gateway.Auth;

/// <summary>Who the admin API lets in besides keys.</summary>
public sealed class AdminApiAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Whether signed-in users may be admins here; false where only the admin key will do.</summary>
    public bool AcceptsUsers { get; set; }

    /// <summary>
    /// The scheme that signs users in, when <see cref="AcceptsUsers"/>. The gateway knows only keys:
    /// the chat, which knows users, names its scheme here, and meets <see cref="AdminRequirement"/>
    /// for users with the admin role.
    /// </summary>
    public string? UserScheme { get; set; }
}
