using System.CommandLine;
using OpenAI.Chat;
using Warbler.Cli.Connection;

namespace Warbler.Cli.Completions;

/// <summary>The flags that shape a completion, shared by <c>ask</c> and <c>chat</c>; ranges are OpenAI's.</summary>
internal sealed class SamplingOptions
{
    public Option<string?> Model { get; } = new("--model", "-m")
    {
        Description = $"The model to ask [env: {SettingNames.Model}; default: the first model the server lists]",
        HelpName = "name",
    };

    public Option<string?> System { get; } = new("--system", "-s")
    {
        Description = "A system message: how the model should answer",
        HelpName = "text",
    };

    public Option<float?> Temperature { get; } = NumberOption.Between("--temperature", "Sampling temperature, 0 to 2: higher is more random", 0f, 2f);

    public Option<float?> TopP { get; } = NumberOption.Between("--top-p", "Nucleus sampling, 0 to 1: only the tokens within this probability mass", 0f, 1f);

    public Option<int?> MaxTokens { get; } = NumberOption.AtLeast("--max-tokens", "The most tokens the answer may have, 1 or more", 1);

    public Option<float?> FrequencyPenalty { get; } = NumberOption.Between("--frequency-penalty", "-2 to 2: positive values make repeating the same words less likely", -2f, 2f);

    public Option<float?> PresencePenalty { get; } = NumberOption.Between("--presence-penalty", "-2 to 2: positive values make new topics more likely", -2f, 2f);

    public IEnumerable<Option> All => [Model, System, Temperature, TopP, MaxTokens, FrequencyPenalty, PresencePenalty];

    public ChatCompletionOptions ToCompletionOptions(ParseResult parse) => new()
    {
        Temperature = parse.GetValue(Temperature),
        TopP = parse.GetValue(TopP),
        MaxOutputTokenCount = parse.GetValue(MaxTokens),
        FrequencyPenalty = parse.GetValue(FrequencyPenalty),
        PresencePenalty = parse.GetValue(PresencePenalty),
    };
}
