namespace Warbler.Gateway.Anthropic;

/// <summary>The <c>Anthropic</c> section: how chat requests are translated for providers of the Anthropic kind.</summary>
internal sealed class AnthropicOptions
{
    public const string SectionName = "Anthropic";

    /// <summary>
    /// Anthropic requires <c>max_tokens</c>; a chat request that gives neither <c>max_tokens</c> nor
    /// <c>max_completion_tokens</c> is sent with this many.
    /// </summary>
    public int DefaultMaxTokens { get; set; } = 4096;
}

internal sealed class AnthropicOptionsValidator : IValidateOptions<AnthropicOptions>
{
    public ValidateOptionsResult Validate(string? name, AnthropicOptions options) =>
        options.DefaultMaxTokens is >= 1 and <= 1_000_000
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AnthropicOptions.SectionName}:DefaultMaxTokens must be between 1 and 1000000 (it is {options.DefaultMaxTokens}).");
}
