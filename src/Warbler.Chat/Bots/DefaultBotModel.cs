using Warbler.Chat.Configuration;
using Warbler.Gateway.Providers;

namespace Warbler.Chat.Bots;

/// <summary>Which model the default bot is created with.</summary>
public static class DefaultBotModel
{
    /// <summary>For a first provider that serves any model, so lists none.</summary>
    public const string AnyModelFallback = "gpt-4o-mini";

    /// <summary>
    /// <c>Chat:DefaultModel</c> when set; otherwise the first model listed by the provider tried
    /// first (lowest <c>Priority</c>, then highest <c>Weight</c>, then name), or
    /// <see cref="AnyModelFallback"/> when it lists none; <c>demo</c> when there is no provider (the
    /// demo then answers), which <see cref="DefaultBotCreator"/> moves to a real model once there is one.
    /// </summary>
    /// <returns>The model, and where it came from (for the log).</returns>
    public static (string Model, string Source) Choose(string? configured, IEnumerable<ProviderChoice> providers)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured.Trim(), $"{ChatOptions.SectionName}:DefaultModel");
        }

        var first = providers
            .OrderBy(p => p.Priority)
            .ThenByDescending(p => p.Weight)
            .ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();
        if (first is null)
        {
            return (IProviderDirectory.DemoModel, "the built-in demo provider, as no provider is configured");
        }

        return first.Models.FirstOrDefault(m => !string.IsNullOrWhiteSpace(m)) is { } model
            ? (model.Trim(), $"the first model of provider {first.Name}")
            : (AnyModelFallback, $"provider {first.Name} lists no models");
    }
}
