using System.Net.Http.Json;
using Warbler.Contracts.Auth;
using Warbler.Client.Json;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile AccessTokens? _tokens;

    /// <summary>The tokens of the signed-in user, or <c>null</c> before signing in. They change when they are renewed: see <see cref="TokensChanged"/>.</summary>
    public AccessTokens? Tokens => _tokens;

    /// <summary>Whether the client has tokens to call the API with.</summary>
    public bool IsSignedIn => _tokens is not null;

    /// <summary>Raised when the client signs in, renews its tokens or signs out (<c>null</c>): store the new tokens to stay signed in across runs.</summary>
    public event Action<AccessTokens?>? TokensChanged;

    /// <summary>Creates an account (<c>POST /api/auth/register</c>); it does not sign in.</summary>
    /// <param name="email">The email to sign in with.</param>
    /// <param name="password">At least 8 characters of any kind.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="Errors.WarblerApiException">400 when the email is taken or the password too short, naming the problem in <see cref="Errors.WarblerApiException.Errors"/>.</exception>
    public Task RegisterAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        ArgumentException.ThrowIfNullOrEmpty(password);
        return SendWithoutAnswerAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url("api/auth/register")) { Content = JsonContent.Create(new CredentialsRequest(email, password), RequestJsonContext.Default.CredentialsRequest) },
            cancellationToken,
            signedIn: false);
    }

    /// <summary>Signs in with an email and a password (<c>POST /api/auth/login</c>); later calls carry the access token.</summary>
    /// <param name="email">The account's email.</param>
    /// <param name="password">Its password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tokens, also kept in <see cref="Tokens"/>.</returns>
    /// <exception cref="Errors.WarblerApiException">401 for a wrong email or password (or a locked account); 429 with <see cref="Errors.WarblerApiException.RetryAfter"/> after too many attempts.</exception>
    public async Task<AccessTokens> SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var tokens = await SendJsonAsync(
            HttpMethod.Post, "api/auth/login", new CredentialsRequest(email, password), RequestJsonContext.Default.CredentialsRequest, WarblerJsonContext.Default.AccessTokens,
            cancellationToken, signedIn: false).ConfigureAwait(false);
        return Keep(tokens);
    }

    /// <summary>Signs in with tokens kept from an earlier sign-in; they are renewed when they have expired.</summary>
    /// <param name="tokens">The tokens, as <see cref="Tokens"/> gave them.</param>
    public void UseTokens(AccessTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = tokens;
        TokensChanged?.Invoke(tokens);
    }

    /// <summary>Forgets the tokens. A bearer token cannot be withdrawn from the server; it simply is not sent any more.</summary>
    public void SignOut()
    {
        _tokens = null;
        TokensChanged?.Invoke(null);
    }

    /// <summary>Renews the tokens now with the refresh token (<c>POST /api/auth/refresh</c>). Calls do this themselves when the access token has expired.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new tokens.</returns>
    /// <exception cref="InvalidOperationException">The client is not signed in.</exception>
    /// <exception cref="Errors.WarblerApiException">401 when the refresh token has expired or the user no longer exists: sign in again.</exception>
    public async Task<AccessTokens> RefreshTokensAsync(CancellationToken cancellationToken = default)
    {
        var current = _tokens ?? throw NotSignedIn();
        await RenewAsync(current.AccessToken, cancellationToken).ConfigureAwait(false);
        return _tokens ?? throw NotSignedIn();
    }

    /// <summary>
    /// An access token that has not expired, renewed first if needed: for other connections to the
    /// same server, such as the real-time hub.
    /// </summary>
    /// <param name="cancellationToken">Cancels renewing the token.</param>
    /// <returns>The access token.</returns>
    /// <exception cref="InvalidOperationException">The client is not signed in.</exception>
    public async ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        var tokens = _tokens ?? throw NotSignedIn();
        if (tokens.ExpiresAt is { } expiresAt && _time.GetUtcNow() >= expiresAt - RenewBeforeExpiry)
        {
            return await RenewAsync(tokens.AccessToken, cancellationToken).ConfigureAwait(false);
        }

        return tokens.AccessToken;
    }

    /// <summary>Renews the tokens unless another call already replaced <paramref name="staleAccessToken"/>, so concurrent calls renew once.</summary>
    private async Task<string> RenewAsync(string staleAccessToken, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _tokens ?? throw NotSignedIn();
            if (current.AccessToken != staleAccessToken)
            {
                return current.AccessToken;
            }

            var renewed = await SendJsonAsync(
                HttpMethod.Post, "api/auth/refresh", new RefreshRequest(current.RefreshToken), RequestJsonContext.Default.RefreshRequest, WarblerJsonContext.Default.AccessTokens,
                cancellationToken, signedIn: false).ConfigureAwait(false);
            return Keep(renewed).AccessToken;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private AccessTokens Keep(AccessTokens tokens)
    {
        var kept = tokens with { ExpiresAt = _time.GetUtcNow() + TimeSpan.FromSeconds(tokens.ExpiresIn) };
        _tokens = kept;
        TokensChanged?.Invoke(kept);
        return kept;
    }

    private static InvalidOperationException NotSignedIn() =>
        new("Sign in first: call SignInAsync, or UseTokens with tokens kept from an earlier sign-in.");
}
