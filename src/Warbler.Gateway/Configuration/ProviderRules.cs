using System.Net;

namespace Warbler.Gateway.Configuration;

/// <summary>
/// The rules every provider must follow, whether it comes from configuration or from the admin
/// API. Each broken rule names the setting both ways: as configuration spells it
/// (<c>Timeouts:Connect</c>) and as the API's JSON does (<c>timeouts.connect</c>).
/// </summary>
internal static class ProviderRules
{
    public const string DemoProviderName = "demo";

    public const string DefaultAnthropicBaseUrl = "https://api.anthropic.com";

    /// <summary>Timeouts longer than this could not be used as cancellation delays, and no upstream needs them.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    public static bool IsReservedName(string name) => name.Equals(DemoProviderName, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="apiKey"/> is one of Warbler's own keys (<c>wk-</c>), which no upstream takes.</summary>
    public static bool IsWarblerKey(string? apiKey) =>
        apiKey is not null && Keys.KeySecret.HasMarker(apiKey.AsSpan().Trim());

    /// <summary>The broken rules of one provider; <paramref name="apiKey"/> is its key, wherever it was read from.</summary>
    public static IEnumerable<ProviderRuleViolation> Check(string name, ProviderOptions provider, string? apiKey)
    {
        if (IsReservedName(name))
        {
            yield return new("", "name", $"the name '{DemoProviderName}' is reserved for the built-in demo provider.");
        }

        if (!IsHttpUrl(BaseUrlOf(provider), out _))
        {
            yield return new("BaseUrl", "baseUrl", $"must be an absolute http or https URL (it is '{provider.BaseUrl}').");
        }

        if (provider.Kind == ProviderKind.Azure && string.IsNullOrEmpty(apiKey))
        {
            yield return new("ApiKey", "apiKey", "is required for an Azure provider.");
        }

        if (IsWarblerKey(apiKey))
        {
            yield return new("ApiKey", "apiKey", "holds a Warbler key (wk-...): a provider needs the upstream's own key, and a Warbler key is for calling Warbler's /v1.");
        }

        foreach (var (alias, target) in provider.Aliases)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                yield return new($"Aliases:{alias}", "aliases", $"'{alias}' must name the provider's own model.");
            }
        }

        if (provider.Weight < 1)
        {
            yield return new("Weight", "weight", $"must be 1 or more (it is {provider.Weight}).");
        }

        foreach (var (setting, field, value) in ((string, string, TimeSpan)[])[
            ("Timeouts:Connect", "timeouts.connect", provider.Timeouts.Connect),
            ("Timeouts:FirstByte", "timeouts.firstByte", provider.Timeouts.FirstByte),
            ("Timeouts:Idle", "timeouts.idle", provider.Timeouts.Idle),
            ("Timeouts:Total", "timeouts.total", provider.Timeouts.Total)])
        {
            if (value <= TimeSpan.Zero || value > MaxTimeout)
            {
                yield return new(setting, field, $"must be a positive time span of at most a day, such as 00:00:30 (it is {value}).");
            }
        }
    }

    /// <summary>The provider's base URL; an Anthropic provider left without one uses Anthropic's own.</summary>
    public static string? BaseUrlOf(ProviderOptions provider) =>
        string.IsNullOrWhiteSpace(provider.BaseUrl) && provider.Kind == ProviderKind.Anthropic ? DefaultAnthropicBaseUrl : provider.BaseUrl;

    public static bool IsHttpUrl(string? url, out Uri uri) =>
        Uri.TryCreate(url, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// True when the URL's host is an IP literal in a link-local range or a cloud metadata
    /// address: a provider URL there would let whoever holds the admin key make the server read
    /// its own instance credentials. Host names are not resolved.
    /// </summary>
    public static bool HasLinkLocalHost(Uri uri)
    {
        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            System.Net.Sockets.AddressFamily.InterNetwork =>
                (bytes[0] == 169 && bytes[1] == 254) || address.Equals(AlibabaMetadata),
            System.Net.Sockets.AddressFamily.InterNetworkV6 =>
                address.IsIPv6LinkLocal || new IPAddress(bytes).Equals(AwsMetadataV6),
            _ => false,
        };
    }

    private static readonly IPAddress AlibabaMetadata = IPAddress.Parse("100.100.100.200");

    private static readonly IPAddress AwsMetadataV6 = IPAddress.Parse("fd00:ec2::254");
}

/// <summary>
/// One broken rule: <see cref="Setting"/> is the configuration path below the provider
/// (empty for the provider itself), <see cref="Field"/> the admin API's field.
/// </summary>
internal sealed record ProviderRuleViolation(string Setting, string Field, string Problem);
