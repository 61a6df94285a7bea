namespace Warbler.Client.Auth;

/// <summary>The body of <c>POST /api/auth/register</c> and <c>/login</c>.</summary>
internal sealed record CredentialsRequest(string Email, string Password);

/// <summary>The body of <c>POST /api/auth/refresh</c>.</summary>
internal sealed record RefreshRequest(string RefreshToken);
