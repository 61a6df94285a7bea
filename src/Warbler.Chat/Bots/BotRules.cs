using System.Globalization;
using System.Text.RegularExpressions;
using Warbler.Data.Bots;
using Warbler.Gateway.Providers;

namespace Warbler.Chat.Bots;

/// <summary>What a bot must be, each rule failing with the field it is about; sampling ranges are OpenAI's.</summary>
internal static partial class BotRules
{
    /// <summary>The form handles are stored in: trimmed, without a leading <c>@</c>, lowercase.</summary>
    public static string NormalizeHandle(string handle) => handle.Trim().TrimStart('@').ToLowerInvariant();

    public static Dictionary<string, string[]> Validate(Bot bot)
    {
        var errors = new Dictionary<string, string[]>();
        if (bot.Name.Trim().Length is 0 or > BotLimits.NameMaxLength)
        {
            errors["name"] = [$"A name is 1 to {BotLimits.NameMaxLength} characters."];
        }

        if (!HandlePattern().IsMatch(bot.Handle))
        {
            errors["handle"] = [$"A handle is {BotLimits.HandleMinLength} to {BotLimits.HandleMaxLength} lowercase letters, digits, '-' or '_'."];
        }

        if (bot.Model.Trim().Length is 0 or > BotLimits.ModelMaxLength)
        {
            errors["model"] = [$"A model is a name of 1 to {BotLimits.ModelMaxLength} characters."];
        }

        if (bot.SystemPrompt.Length > BotLimits.SystemPromptMaxLength)
        {
            errors["systemPrompt"] = [$"The system prompt may be at most {BotLimits.SystemPromptMaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters."];
        }

        Range(errors, "temperature", bot.Temperature, 0, 2);
        Range(errors, "topP", bot.TopP, 0, 1);
        Range(errors, "frequencyPenalty", bot.FrequencyPenalty, -2, 2);
        Range(errors, "presencePenalty", bot.PresencePenalty, -2, 2);
        if (bot.MaxTokens is < 1)
        {
            errors["maxTokens"] = ["maxTokens is 1 or more; leave it out for the model's default."];
        }

        if (bot.ContextBudget is < BotLimits.MinContextBudget or > BotLimits.MaxContextBudget)
        {
            errors["contextBudget"] = [string.Create(CultureInfo.InvariantCulture, $"The context budget is {BotLimits.MinContextBudget:N0} to {BotLimits.MaxContextBudget:N0} tokens.")];
        }

        return errors;
    }

    /// <summary>
    /// Refuses a model no provider in force would be sent, as the gateway routes: one named in a
    /// provider's models or aliases, or any model when a provider lists none (the demo, or an
    /// upstream that decides for itself). No upstream list is fetched, so this never waits on one.
    /// </summary>
    public static void CheckModelServed(Dictionary<string, string[]> errors, string model, IProviderDirectory providers)
    {
        if (errors.ContainsKey("model") || providers.Serves(model))
        {
            return;
        }

        var served = providers.NamedModels();
        errors["model"] = [served.Count == 0
            ? $"No provider serves the model '{model}': no provider is in force."
            : $"No provider serves the model '{model}'. Served: {string.Join(", ", served.Take(20))}{(served.Count > 20 ? ", …" : "")} (GET /v1/models lists them)."];
    }

    private static void Range(Dictionary<string, string[]> errors, string field, double? value, double min, double max)
    {
        if (value is { } number && (double.IsNaN(number) || number < min || number > max))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} is between {min} and {max}.")];
        }
    }

    [GeneratedRegex(@"^[a-z0-9_-]{2,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex HandlePattern();
}
