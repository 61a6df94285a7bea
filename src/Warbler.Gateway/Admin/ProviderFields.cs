using Warbler.Contracts.Providers;
using Warbler.Gateway.Configuration;

namespace Warbler.Gateway.Admin;

/// <summary>
/// Puts the fields an admin request sets into a provider's options, checking the form of each;
/// fields left out stay as they are. Errors are added in the order of the fields, as they are shown.
/// </summary>
internal static class ProviderFields
{
    private const int MaxModels = 1000;
    private const int MaxNameLength = 256;
    private const int MaxApiKeyLength = 4096;

    /// <returns>True when the request sets or removes the API key.</returns>
    public static bool Apply(IProviderFields request, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        ApplyKind(request.Kind, options, errors);
        if (request.BaseUrl is not null)
        {
            options.BaseUrl = request.BaseUrl.Trim();
        }

        var keyChanged = ApplyApiKey(request.ApiKey, options, errors);
        ApplyModels(request.Models, options, errors);
        ApplyAliases(request.Aliases, options, errors);
        options.Priority = request.Priority ?? options.Priority;
        options.Weight = request.Weight ?? options.Weight;
        ApplyApiVersion(request.ApiVersion, options, errors);
        ApplyDeployments(request.Deployments, options, errors);
        ApplyLegacyCompletions(request.LegacyCompletions, options, errors);
        ApplyResponses(request.Responses, options, errors);
        ApplyTimeouts(request.Timeouts, options);
        return keyChanged;
    }

    /// <summary>Adds <paramref name="message"/> to the messages for <paramref name="field"/>.</summary>
    public static void AddError(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    private static void ApplyKind(string? value, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return;
        }

        if (ParseEnum<ProviderKind>(value) is { } kind)
        {
            options.Kind = kind;
        }
        else
        {
            AddError(errors, "kind", $"kind must be one of: {string.Join(", ", Enum.GetNames<ProviderKind>())}.");
        }
    }

    private static bool ApplyApiKey(string? apiKey, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (apiKey is null)
        {
            return false;
        }

        if (apiKey.Length > MaxApiKeyLength || apiKey.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            AddError(errors, "apiKey", $"apiKey must be at most {MaxApiKeyLength} characters, with no spaces or control characters (\"\" removes the key).");
        }
        else
        {
            options.ApiKey = apiKey.Length == 0 ? null : apiKey;
        }

        return true;
    }

    private static void ApplyModels(List<string>? models, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (models is null)
        {
            return;
        }

        if (models.Count > MaxModels || models.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > MaxNameLength))
        {
            AddError(errors, "models", $"models must be at most {MaxModels} non-empty names of at most {MaxNameLength} characters ([] for every model).");
        }
        else
        {
            options.Models = [.. models.Distinct(StringComparer.Ordinal)];
        }
    }

    private static void ApplyAliases(Dictionary<string, string>? aliases, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (aliases is null)
        {
            return;
        }

        if (aliases.Count > MaxModels || aliases.Keys.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > MaxNameLength))
        {
            AddError(errors, "aliases", $"aliases must be at most {MaxModels} non-empty public model names, each naming the provider's own model.");
        }
        else
        {
            options.Aliases = new Dictionary<string, string>(aliases, StringComparer.Ordinal);
        }
    }

    private static void ApplyApiVersion(string? apiVersion, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (apiVersion is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(apiVersion))
        {
            AddError(errors, "apiVersion", "apiVersion must not be empty.");
        }
        else
        {
            options.ApiVersion = apiVersion.Trim();
        }
    }

    private static void ApplyDeployments(Dictionary<string, string>? deployments, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (deployments is null)
        {
            return;
        }

        if (deployments.Any(d => string.IsNullOrWhiteSpace(d.Key) || string.IsNullOrWhiteSpace(d.Value)))
        {
            AddError(errors, "deployments", "deployments maps model names to deployment names; neither may be empty.");
        }
        else
        {
            options.Deployments = new Dictionary<string, string>(deployments, StringComparer.Ordinal);
        }
    }

    private static void ApplyLegacyCompletions(string? value, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return;
        }

        if (ParseEnum<LegacyCompletionsMode>(value) is { } mode)
        {
            options.LegacyCompletions = mode;
        }
        else
        {
            AddError(errors, "legacyCompletions", $"legacyCompletions must be one of: {string.Join(", ", Enum.GetNames<LegacyCompletionsMode>())}.");
        }
    }

    private static void ApplyResponses(string? value, ProviderOptions options, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return;
        }

        if (ParseEnum<ResponsesMode>(value) is { } mode)
        {
            options.Responses = mode;
        }
        else
        {
            AddError(errors, "responses", $"responses must be one of: {string.Join(", ", Enum.GetNames<ResponsesMode>())}.");
        }
    }

    private static void ApplyTimeouts(ProviderTimeoutsRequest? timeouts, ProviderOptions options)
    {
        if (timeouts is null)
        {
            return;
        }

        options.Timeouts = new ProviderTimeouts
        {
            Connect = timeouts.Connect ?? options.Timeouts.Connect,
            FirstByte = timeouts.FirstByte ?? options.Timeouts.FirstByte,
            Idle = timeouts.Idle ?? options.Timeouts.Idle,
            Total = timeouts.Total ?? options.Timeouts.Total,
        };
    }

    private static T? ParseEnum<T>(string value)
        where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<T>(name) : null;
}
