using System.Text.Json.Serialization;

namespace Warbler.Cli.Connection;

/// <summary>
/// What <c>warbler login</c> saves: a server's root URL and the keys checked against it, and the
/// user's tokens after <c>warbler login --sso</c> (the pair <c>POST /api/auth/login</c> gives).
/// </summary>
internal sealed record SavedLogin(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("apiKey")] string? ApiKey,
    [property: JsonPropertyName("adminKey")] string? AdminKey,
    [property: JsonPropertyName("accessToken")] string? AccessToken = null,
    [property: JsonPropertyName("refreshToken")] string? RefreshToken = null,
    [property: JsonPropertyName("accessTokenExpiresAt")] DateTimeOffset? AccessTokenExpiresAt = null,
    [property: JsonPropertyName("user")] string? User = null);
