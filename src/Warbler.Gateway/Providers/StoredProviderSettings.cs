using System.Text.Json;
using System.Text.Json.Serialization;
using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The JSON shape of a stored provider's non-secret settings (the <c>Settings</c> column). Fields
/// missing from older rows take the same defaults as configuration.
/// </summary>
internal sealed class StoredProviderSettings
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;

    public string BaseUrl { get; set; } = "";

    public List<string> Models { get; set; } = [];

    public Dictionary<string, string> Aliases { get; set; } = [];

    public int Priority { get; set; }

    public int Weight { get; set; } = 1;

    public string ApiVersion { get; set; } = new ProviderOptions().ApiVersion;

    public Dictionary<string, string> Deployments { get; set; } = [];

    public LegacyCompletionsMode LegacyCompletions { get; set; } = LegacyCompletionsMode.Auto;

    public ResponsesMode Responses { get; set; } = ResponsesMode.Auto;

    public ProviderTimeouts Timeouts { get; set; } = new();

    public static string Serialize(ProviderOptions options) => JsonSerializer.Serialize(
        new StoredProviderSettings
        {
            Kind = options.Kind,
            BaseUrl = options.BaseUrl ?? "",
            Models = options.Models,
            Aliases = options.Aliases,
            Priority = options.Priority,
            Weight = options.Weight,
            ApiVersion = options.ApiVersion,
            Deployments = options.Deployments,
            LegacyCompletions = options.LegacyCompletions,
            Responses = options.Responses,
            Timeouts = options.Timeouts,
        },
        JsonOptions);

    public static ProviderOptions Deserialize(string json, string? apiKey)
    {
        var settings = JsonSerializer.Deserialize<StoredProviderSettings>(json, JsonOptions) ?? new StoredProviderSettings();
        return new ProviderOptions
        {
            Kind = settings.Kind,
            BaseUrl = settings.BaseUrl,
            ApiKey = apiKey,
            Models = settings.Models,
            Aliases = settings.Aliases,
            Priority = settings.Priority,
            Weight = settings.Weight,
            ApiVersion = settings.ApiVersion,
            Deployments = settings.Deployments,
            LegacyCompletions = settings.LegacyCompletions,
            Responses = settings.Responses,
            Timeouts = settings.Timeouts,
        };
    }

    /// <summary>A deep copy, for an update that must not touch the options in force until it is saved.</summary>
    public static ProviderOptions Copy(ProviderOptions options) => Deserialize(Serialize(options), options.ApiKey);
}
