using Warbler.Client.Json;
using Warbler.Contracts.Auth;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>How people may sign in on this server (<c>GET /api/auth/providers</c>): its single sign-on providers, and whether password sign-up and sign-in are on.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<SignOnProvidersResponse> GetSignInOptionsAsync(CancellationToken cancellationToken = default) =>
        SendForJsonAsync(() => new HttpRequestMessage(HttpMethod.Get, Url("api/auth/providers")), WarblerJsonContext.Default.SignOnProvidersResponse, cancellationToken, signedIn: false);

    /// <summary>
    /// The URL a native app opens in a browser to sign in with a single sign-on provider: after the
    /// sign-in the browser is sent to <c>http://127.0.0.1:{port}/callback?code=CODE&amp;state=STATE</c>
    /// (or <c>?error=…&amp;state=STATE</c>), where the app listens; it then calls <see cref="SignInWithCodeAsync"/>.
    /// </summary>
    /// <param name="provider">The provider's name, from <see cref="GetSignInOptionsAsync"/>.</param>
    /// <param name="port">The loopback port the app listens on.</param>
    /// <param name="state">A random value of 8 to 128 URL-safe characters; check that the callback brings it back.</param>
    /// <param name="challenge">The PKCE S256 challenge: base64url(SHA-256(verifier)), 43 characters.</param>
    public Uri GetSignOnUrl(string provider, int port, string state, string challenge)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return Url($"api/auth/sign-on/{Uri.EscapeDataString(provider)}/cli?port={port}&state={Uri.EscapeDataString(state)}&challenge={Uri.EscapeDataString(challenge)}");
    }

    /// <summary>
    /// Signs in with the one-time code of a single sign-on (<c>POST /api/auth/sign-on/token</c>) and the
    /// PKCE verifier whose challenge started it; later calls carry the access token, as after <see cref="SignInAsync"/>.
    /// </summary>
    /// <param name="code">The code the callback brought (it works once, for 2 minutes).</param>
    /// <param name="verifier">The PKCE verifier (43 to 128 characters).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tokens, also kept in <see cref="Tokens"/>.</returns>
    /// <exception cref="Errors.WarblerApiException">400 when the code is unknown, used or expired, or the verifier does not match.</exception>
    public async Task<AccessTokens> SignInWithCodeAsync(string code, string verifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(verifier);
        var tokens = await SendJsonAsync(
            HttpMethod.Post, "api/auth/sign-on/token", new SignOnTokenRequest(code, verifier), RequestJsonContext.Default.SignOnTokenRequest, WarblerJsonContext.Default.AccessTokens,
            cancellationToken, signedIn: false).ConfigureAwait(false);
        return Keep(tokens);
    }
}
