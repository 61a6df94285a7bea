namespace Warbler.Gateway.Configuration;

/// <summary>Checks every provider at start, naming the setting that is wrong.</summary>
internal sealed class ProviderSettingsValidator : IValidateOptions<ProviderSettings>
{
    public ValidateOptionsResult Validate(string? name, ProviderSettings options)
    {
        var failures = new List<string>();
        foreach (var (providerName, provider) in options.All)
        {
            var setting = $"{ProviderSettings.SectionName}:{providerName}";
            var variableUnset = !string.IsNullOrEmpty(provider.ApiKeyEnvironmentVariable) && string.IsNullOrEmpty(provider.ApiKey);
            if (variableUnset)
            {
                failures.Add($"{setting}:ApiKeyEnvironmentVariable names '{provider.ApiKeyEnvironmentVariable}', which is not set.");
            }

            // An unset variable is reported once, above, not again as a missing Azure key.
            foreach (var violation in ProviderRules.Check(providerName, provider, variableUnset ? provider.ApiKeyEnvironmentVariable : provider.ApiKey))
            {
                failures.Add(violation.Setting switch
                {
                    "" => $"{setting}: {violation.Problem}",
                    "ApiKey" => $"{setting}:ApiKey (or ApiKeyEnvironmentVariable) {violation.Problem}",
                    _ => $"{setting}:{violation.Setting} {violation.Problem}",
                });
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
