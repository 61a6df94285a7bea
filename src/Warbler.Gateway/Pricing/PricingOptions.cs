namespace Warbler.Gateway.Pricing;

/// <summary>
/// The <c>Pricing</c> section: what each model costs, per million tokens, in the operator's
/// currency. Usage records carry the cost of each request, and keys may have cost budgets.
/// </summary>
internal sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>Shown next to costs; Warbler does not convert currencies.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Model name → its prices. A model asked for by a client is looked up first, then the model that answered.</summary>
    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Prices per million tokens.</summary>
internal sealed class ModelPrice
{
    public decimal Input { get; set; }

    /// <summary>Prompt tokens served from the provider's cache; the input price when left out.</summary>
    public decimal? CachedInput { get; set; }

    /// <summary>Prompt tokens written to the provider's cache (Anthropic's cache writes); the input price when left out.</summary>
    public decimal? CacheWrite { get; set; }

    public decimal Output { get; set; }

    /// <summary>Per image generated or edited (<c>/v1/images</c>), on top of any token price.</summary>
    public decimal? PerImage { get; set; }

    /// <summary>Per second of audio transcribed or translated.</summary>
    public decimal? PerSecond { get; set; }

    /// <summary>Per minute of audio, as OpenAI prices Whisper; used when <see cref="PerSecond"/> is not set.</summary>
    public decimal? PerMinute { get; set; }

    /// <summary>Per million characters of speech input (<c>/v1/audio/speech</c>), as OpenAI prices TTS.</summary>
    public decimal? PerMillionCharacters { get; set; }
}

internal sealed class PricingOptionsValidator : IValidateOptions<PricingOptions>
{
    public ValidateOptionsResult Validate(string? name, PricingOptions options)
    {
        var failures = new List<string>();
        foreach (var (model, price) in options.Models)
        {
            var setting = $"{PricingOptions.SectionName}:Models:{model}";
            foreach (var (field, value) in (ReadOnlySpan<(string, decimal?)>)[
                ("Input", price.Input), ("CachedInput", price.CachedInput), ("CacheWrite", price.CacheWrite), ("Output", price.Output),
                ("PerImage", price.PerImage), ("PerSecond", price.PerSecond), ("PerMinute", price.PerMinute), ("PerMillionCharacters", price.PerMillionCharacters)])
            {
                if (value < 0)
                {
                    failures.Add($"{setting}:{field} must not be negative (it is {value}).");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
