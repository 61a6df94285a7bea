using System.Diagnostics.CodeAnalysis;
using Microsoft.Net.Http.Headers;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Keys;

/// <summary>Finds the caller's key in <c>Authorization: Bearer</c> or Azure's <c>api-key</c> header.</summary>
public sealed class KeyAuthenticator(KeyCache cache, TimeProvider time)
{
    private const string BearerScheme = "Bearer ";

    /// <summary>The key, or the error to answer with.</summary>
    public CallerKey Authenticate(HttpRequest request)
    {
        var secret = ReadSecret(request);
        if (secret.IsEmpty)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidApiKey(
                "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY' (or in the 'api-key' header)."));
        }

        if (secret.Length > KeyHash.MaxSecretLength || !cache.TryGet(KeyHash.Of(secret), out var key))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidApiKey(
                $"Incorrect API key provided: {Redact(secret)}. The key is unknown or has been revoked."));
        }

        if (key.IsExpiredAt(time.GetUtcNow().UtcDateTime))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidApiKey($"The API key {key.Prefix}... expired at {key.ExpiresAt:O}."));
        }

        return key;
    }

    /// <summary>The caller's live key, if it presented one; for callers that may also sign in otherwise, so a miss is not an error.</summary>
    public bool TryAuthenticate(HttpRequest request, [NotNullWhen(true)] out CallerKey? key)
    {
        var secret = ReadSecret(request);
        if (secret.IsEmpty || secret.Length > KeyHash.MaxSecretLength || !cache.TryGet(KeyHash.Of(secret), out key) || key.IsExpiredAt(time.GetUtcNow().UtcDateTime))
        {
            key = null;
            return false;
        }

        return true;
    }

    private static ReadOnlySpan<char> ReadSecret(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString().AsSpan().Trim();
        if (authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerScheme.Length..].Trim();
        }

        return request.Headers["api-key"].ToString().AsSpan().Trim();
    }

    /// <summary>Shows only the start and end of a presented secret, as OpenAI does.</summary>
    private static string Redact(ReadOnlySpan<char> secret) =>
        secret.Length <= 8 ? "****" : $"{secret[..4]}****{secret[^4..]}";
}
