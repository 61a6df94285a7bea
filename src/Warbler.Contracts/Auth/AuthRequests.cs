namespace Warbler.Contracts.Auth;

/// <summary>The body of <c>POST /api/auth/register</c> and <c>/login</c>.</summary>
/// <param name="Email">The email.</param>
/// <param name="Password">The password.</param>
public sealed record CredentialsRequest(string Email, string Password);

/// <summary>The body of <c>POST /api/auth/refresh</c>.</summary>
/// <param name="RefreshToken">The refresh token.</param>
public sealed record RefreshRequest(string RefreshToken);
