using Warbler.Chat.Users;

namespace Warbler.Chat.Auth;

/// <summary>The answer to <c>GET /api/auth/session</c>: whether the caller is signed in, and if so the user (as <c>GET /api/me</c> shows it).</summary>
public sealed record SessionResponse(bool SignedIn, UserResponse? User)
{
    public static SessionResponse SignedOut { get; } = new(false, null);
}
