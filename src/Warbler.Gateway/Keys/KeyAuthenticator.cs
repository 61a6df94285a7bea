using Microsoft.Net.Http.Headers;
using Warbler.Cluster;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Finds the caller's key in <c>Authorization: Bearer</c>, Azure's <c>api-key</c> or Anthropic's <c>x-api-key</c> header: in the
/// cache, and in a cluster, when the cache does not know it, in the database (<see cref="KeyMissLookup"/>).
/// </summary>
internal sealed class KeyAuthenticator(KeyCache cache, KeyMissLookup lookup, ClusterNotices notices, TimeProvider time)
{
    private const string BearerScheme = "Bearer ";

    /// <summary>The key, or the error to answer with (thrown as <see cref="OpenAIErrorException"/>).</summary>
    public ValueTask<CallerKey> AuthenticateAsync(HttpRequest request)
    {
        var secret = ReadSecret(request);
        if (secret.IsEmpty)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidApiKey(
                "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or in the 'api-key' header)."));
        }

        if (secret.Length <= KeyHash.MaxSecretLength)
        {
            var hash = KeyHash.Of(secret);
            if (cache.TryGet(hash, out var key))
            {
                return ValueTask.FromResult(IsExpired(key) ? throw Expired(key) : key);
            }

            if (MayLookUp(secret))
            {
                return LookUpAsync(hash, Redact(secret), request.HttpContext.RequestAborted);
            }
        }

        throw KeySecret.HasMarker(secret) ? Unknown(Redact(secret)) : NotAKey(Redact(secret));
    }

    /// <summary>The caller's live key when it is in the cache; null for anything that needs a lookup or an answer.</summary>
    public CallerKey? FindCached(HttpRequest request)
    {
        var secret = ReadSecret(request);
        return !secret.IsEmpty && secret.Length <= KeyHash.MaxSecretLength && cache.TryGet(KeyHash.Of(secret), out var key) && !IsExpired(key)
            ? key
            : null;
    }

    /// <summary>The caller's live key, if it presented one; for callers that may also sign in otherwise, so a miss is not an error.</summary>
    public ValueTask<CallerKey?> TryAuthenticateAsync(HttpRequest request)
    {
        var secret = ReadSecret(request);
        if (secret.IsEmpty || secret.Length > KeyHash.MaxSecretLength)
        {
            return ValueTask.FromResult<CallerKey?>(null);
        }

        var hash = KeyHash.Of(secret);
        if (cache.TryGet(hash, out var key))
        {
            return ValueTask.FromResult(IsExpired(key) ? null : key);
        }

        return MayLookUp(secret) ? TryLookUpAsync(hash, request.HttpContext.RequestAborted) : ValueTask.FromResult<CallerKey?>(null);
    }

    /// <summary>True when the request presents one of Warbler's own keys (<c>wk-</c>), known or not: a gateway key or the admin key.</summary>
    public static bool PresentsWarblerKey(HttpRequest request) => KeySecret.HasMarker(ReadSecret(request));

    /// <summary>True when the request presents a secret that is not one of Warbler's keys, such as a user's access token.</summary>
    public static bool PresentsOtherSecret(HttpRequest request)
    {
        var secret = ReadSecret(request);
        return !secret.IsEmpty && !KeySecret.HasMarker(secret);
    }

    // Only in a cluster, where another server may have just created the key (a single server's cache is
    // complete), and only secrets of a key's shape: a user's sign-in token, sent the same way, never costs a lookup.
    private bool MayLookUp(ReadOnlySpan<char> secret) => notices.ReachesOtherServers && KeySecret.IsWellFormed(secret);

    private async ValueTask<CallerKey> LookUpAsync(KeyHash hash, string redacted, CancellationToken cancellationToken) =>
        await lookup.FindAsync(hash, cancellationToken) switch
        {
            null => throw Unknown(redacted),
            var key when IsExpired(key) => throw Expired(key),
            var key => key,
        };

    private async ValueTask<CallerKey?> TryLookUpAsync(KeyHash hash, CancellationToken cancellationToken) =>
        await lookup.FindAsync(hash, cancellationToken) is { } key && !IsExpired(key) ? key : null;

    private bool IsExpired(CallerKey key) => key.IsExpiredAt(time.GetUtcNow().UtcDateTime);

    private static OpenAIErrorException Expired(CallerKey key) =>
        new(OpenAIError.InvalidApiKey($"The API key {key.Prefix}... expired at {key.ExpiresAt:O}."));

    // Most often a user's access token from /api/auth/login, sent where a gateway key belongs.
    private static OpenAIErrorException NotAKey(string redacted) =>
        new(OpenAIError.InvalidApiKey(
            $"Incorrect API key provided: {redacted}. This is not a Warbler gateway key: /v1 takes a gateway key (wk-...), made by an admin with POST /api/admin/keys. " +
            "A user's access token or cookie (from POST /api/auth/login) is for /api and /chat, not /v1."));

    private static OpenAIErrorException Unknown(string redacted) =>
        new(OpenAIError.InvalidApiKey($"Incorrect API key provided: {redacted}. The key is unknown or has been revoked."));

    private static ReadOnlySpan<char> ReadSecret(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        if (authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerScheme.Length..].Trim();
        }

        var apiKey = request.Headers["api-key"].ToString().AsSpan().Trim();

        // Anthropic's SDKs send the key in x-api-key.
        return apiKey.IsEmpty ? request.Headers["x-api-key"].ToString().AsSpan().Trim() : apiKey;
    }

    /// <summary>Shows only the start and end of a presented secret, as OpenAI does.</summary>
    private static string Redact(ReadOnlySpan<char> secret) =>
        secret.Length <= 8 ? "****" : $"{secret[..4]}****{secret[^4..]}";
}
