namespace Warbler.Gateway.Configuration;

/// <summary>
/// Everything configuration says about providers: the <c>Providers</c> section and the
/// <c>OPENAI_API_KEY</c> / <c>OPENAI_BASE_URL</c> shortcut.
/// </summary>
internal sealed class ProviderSettings
{
    public const string SectionName = "Providers";

    public const string OpenAIShortcutName = "openai";

    public const string DefaultOpenAIBaseUrl = "https://api.openai.com/v1";

    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <c>OPENAI_API_KEY</c> held a Warbler key and so defined no provider (logged at start).</summary>
    public bool IgnoredWarblerKeyInOpenAIApiKey { get; private set; }

    /// <summary>The providers in force: the section's, plus <c>openai</c> when <c>OPENAI_API_KEY</c> is set.</summary>
    public IEnumerable<(string Name, ProviderOptions Options)> All => Providers.Select(p => (p.Key, p.Value));

    /// <summary>Reads the section and the <c>OPENAI_*</c> variables.</summary>
    public static void Bind(ProviderSettings settings, IConfiguration configuration)
    {
        configuration.GetSection(SectionName).Bind(settings.Providers);
        foreach (var provider in settings.Providers.Values)
        {
            // Read through configuration, so the variable may also come from the .env file.
            if (!string.IsNullOrEmpty(provider.ApiKeyEnvironmentVariable))
            {
                provider.ApiKey = configuration[provider.ApiKeyEnvironmentVariable];
            }
        }

        var openAIKey = configuration["OPENAI_API_KEY"];
        if (!string.IsNullOrWhiteSpace(openAIKey) && !settings.Providers.ContainsKey(OpenAIShortcutName))
        {
            // The CLI once read its Warbler key from OPENAI_API_KEY too, and both read a .env in the
            // current folder: such a key would be sent upstream to api.openai.com.
            if (ProviderRules.IsWarblerKey(openAIKey))
            {
                settings.IgnoredWarblerKeyInOpenAIApiKey = true;
                return;
            }

            settings.Providers[OpenAIShortcutName] = new ProviderOptions
            {
                BaseUrl = configuration["OPENAI_BASE_URL"] is { Length: > 0 } baseUrl ? baseUrl : DefaultOpenAIBaseUrl,
                ApiKey = openAIKey,
            };
        }
    }
}
