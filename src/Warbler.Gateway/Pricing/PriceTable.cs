using System.Text.RegularExpressions;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Pricing;

/// <summary>Finds a model's price and turns token counts into cost.</summary>
internal sealed partial class PriceTable(IOptions<PricingOptions> options)
{
    private const decimal TokensPerPriceUnit = 1_000_000m;

    public string Currency => options.Value.Currency;

    public bool IsEmpty => options.Value.Models.Count == 0;

    /// <summary>
    /// The price of a request: by the model asked for, else the model that answered, else that
    /// model without the date suffix upstreams add to versions (<c>gpt-4o-2024-08-06</c> → <c>gpt-4o</c>).
    /// </summary>
    public ModelPrice? Find(string requestedModel, string? answeredModel = null)
    {
        var models = options.Value.Models;
        if (models.Count == 0)
        {
            return null;
        }

        if (models.TryGetValue(requestedModel, out var price))
        {
            return price;
        }

        if (answeredModel is null)
        {
            return null;
        }

        return models.TryGetValue(answeredModel, out price) || models.TryGetValue(DateSuffix().Replace(answeredModel, ""), out price) ? price : null;
    }

    /// <summary>
    /// What the tokens cost: cached prompt tokens at the cached price, prompt tokens written to the
    /// cache at the cache-write price, the rest of the prompt at the input price.
    /// </summary>
    public static decimal Cost(ModelPrice price, int promptTokens, int cachedTokens, int completionTokens, int cacheWriteTokens = 0)
    {
        var cached = Math.Clamp(cachedTokens, 0, promptTokens);
        var written = Math.Clamp(cacheWriteTokens, 0, promptTokens - cached);
        return (((promptTokens - cached - written) * price.Input)
            + (cached * (price.CachedInput ?? price.Input))
            + (written * (price.CacheWrite ?? price.Input))
            + (completionTokens * price.Output)) / TokensPerPriceUnit;
    }

    /// <returns>The cost of a request's usage, or null when its model has no price.</returns>
    public decimal? CostOf(string requestedModel, string? answeredModel, TokenUsage? usage) =>
        Find(requestedModel, answeredModel) is { } price
            ? Cost(price, usage?.PromptTokens ?? 0, usage?.CachedTokens ?? 0, usage?.CompletionTokens ?? 0, usage?.CacheWriteTokens ?? 0)
            : null;

    /// <returns>The cost of a request's tokens and of what it made or read in other units (images, seconds, characters), or null when its model has no price.</returns>
    public decimal? CostOf(string requestedModel, string? answeredModel, TokenUsage? usage, double? quantity, string? unit)
    {
        if (Find(requestedModel, answeredModel) is not { } price)
        {
            return null;
        }

        var tokens = Cost(price, usage?.PromptTokens ?? 0, usage?.CachedTokens ?? 0, usage?.CompletionTokens ?? 0, usage?.CacheWriteTokens ?? 0);
        return quantity is { } amount && unit is not null ? tokens + UnitCost(price, (decimal)amount, unit) : tokens;
    }

    /// <summary>What a quantity costs at the model's price for its unit; nothing when it has none.</summary>
    public static decimal UnitCost(ModelPrice price, decimal quantity, string unit) => unit switch
    {
        UsageUnits.Images => quantity * (price.PerImage ?? 0),
        UsageUnits.Seconds => quantity * (price.PerSecond ?? (price.PerMinute / 60m) ?? 0),
        UsageUnits.Characters => quantity * (price.PerMillionCharacters ?? 0) / TokensPerPriceUnit,
        _ => 0,
    };

    [GeneratedRegex(@"-\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateSuffix();
}
