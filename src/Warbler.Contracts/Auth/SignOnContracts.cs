namespace Warbler.Contracts.Auth;

/// <summary>The answer to <c>GET /api/auth/providers</c>: how people may sign in.</summary>
/// <param name="Providers">The single sign-on providers, by name, for "Sign in with …" buttons.</param>
/// <param name="PasswordSignUp">Whether people may sign up with an email and a password.</param>
/// <param name="PasswordSignIn">Whether people may sign in with an email and a password.</param>
public sealed record SignOnProvidersResponse(IReadOnlyList<SignOnProviderInfo> Providers, bool PasswordSignUp, bool PasswordSignIn);

/// <summary>A single sign-on provider as the sign-in page shows it.</summary>
/// <param name="Name">Its name in the URLs (<c>/api/auth/sign-on/{name}</c>).</param>
/// <param name="DisplayName">The name to show: "Sign in with {DisplayName}".</param>
public sealed record SignOnProviderInfo(string Name, string DisplayName);

/// <summary>The body of <c>POST /api/auth/sign-on/token</c>: a command-line sign-on's one-time code and the PKCE verifier of the challenge it started with.</summary>
/// <param name="Code">The one-time code the server sent to the loopback address.</param>
/// <param name="Verifier">The PKCE code verifier (43 to 128 characters) whose S256 hash was the challenge.</param>
public sealed record SignOnTokenRequest(string Code, string Verifier);
