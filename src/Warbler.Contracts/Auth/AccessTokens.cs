using System.Text.Json.Serialization;

namespace Warbler.Contracts.Auth;

/// <summary>
/// The tokens of a signed-in user, as <c>POST /api/auth/login</c> and <c>/refresh</c> return them.
/// Keep them (for example in secure storage) and give them back with
/// <c>WarblerClient.UseTokens</c> to stay signed in across runs.
/// </summary>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="AccessToken">The token sent with every call; it lasts <paramref name="ExpiresIn"/> seconds.</param>
/// <param name="ExpiresIn">How many seconds the access token lasted when it was issued.</param>
/// <param name="RefreshToken">The token that gets new tokens when the access token has expired (it lasts 14 days).</param>
public sealed record AccessTokens(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken)
{
    /// <summary>When the access token expires, as worked out by the client when it received it; <c>null</c> when unknown.</summary>
    [JsonPropertyName("expiresAt")]
    public DateTimeOffset? ExpiresAt { get; init; }
}
