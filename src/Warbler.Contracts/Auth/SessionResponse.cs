using Warbler.Contracts.Users;

namespace Warbler.Contracts.Auth;

/// <summary>The answer to <c>GET /api/auth/session</c>: whether the caller is signed in, and if so the user (as <c>GET /api/me</c> shows it).</summary>
/// <param name="SignedIn">Whether a user is signed in.</param>
/// <param name="User">The user, or <c>null</c>.</param>
public sealed record SessionResponse(bool SignedIn, User? User)
{
    /// <summary>The answer when nobody is signed in.</summary>
    public static SessionResponse SignedOut { get; } = new(false, null);
}
