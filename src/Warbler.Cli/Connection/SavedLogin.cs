using System.Text.Json.Serialization;

namespace Warbler.Cli.Connection;

/// <summary>What <c>warbler login</c> saves: a server's root URL and the keys checked against it.</summary>
internal sealed record SavedLogin(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("apiKey")] string? ApiKey,
    [property: JsonPropertyName("adminKey")] string? AdminKey);
