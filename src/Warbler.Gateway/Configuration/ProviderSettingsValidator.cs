namespace Warbler.Gateway.Configuration;

/// <summary>Checks every provider at start, naming the setting that is wrong.</summary>
internal sealed class ProviderSettingsValidator : IValidateOptions<ProviderSettings>
{
    internal const string DemoProviderName = "demo";

    public ValidateOptionsResult Validate(string? name, ProviderSettings options)
    {
        var failures = new List<string>();
        foreach (var (providerName, provider) in options.All)
        {
            var setting = $"{ProviderSettings.SectionName}:{providerName}";
            if (providerName.Equals(DemoProviderName, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{setting}: the name '{DemoProviderName}' is reserved for the built-in demo provider.");
            }

            if (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{setting}:BaseUrl must be an absolute http or https URL (it is '{provider.BaseUrl}').");
            }

            if (!string.IsNullOrEmpty(provider.ApiKeyEnvironmentVariable) && string.IsNullOrEmpty(provider.ApiKey))
            {
                failures.Add($"{setting}:ApiKeyEnvironmentVariable names '{provider.ApiKeyEnvironmentVariable}', which is not set.");
            }

            if (provider.Kind == ProviderKind.Azure && string.IsNullOrEmpty(provider.ApiKey) && string.IsNullOrEmpty(provider.ApiKeyEnvironmentVariable))
            {
                failures.Add($"{setting}:ApiKey (or ApiKeyEnvironmentVariable) is required for an Azure provider.");
            }

            foreach (var (alias, target) in provider.Aliases)
            {
                if (string.IsNullOrWhiteSpace(target))
                {
                    failures.Add($"{setting}:Aliases:{alias} must name the provider's own model.");
                }
            }

            if (provider.Weight < 1)
            {
                failures.Add($"{setting}:Weight must be 1 or more (it is {provider.Weight}).");
            }

            CheckPositive(failures, $"{setting}:Timeouts:Connect", provider.Timeouts.Connect);
            CheckPositive(failures, $"{setting}:Timeouts:FirstByte", provider.Timeouts.FirstByte);
            CheckPositive(failures, $"{setting}:Timeouts:Idle", provider.Timeouts.Idle);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPositive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{setting} must be a positive time span such as 00:00:30 (it is {value}).");
        }
    }
}
