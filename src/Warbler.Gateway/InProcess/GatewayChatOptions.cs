using Microsoft.Extensions.AI;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// Typed access to what the gateway's <see cref="IChatClient"/> reads from a call's options and
/// adds to its answer, under well-known <c>AdditionalProperties</c> keys.
/// </summary>
public static class GatewayChatOptions
{
    /// <summary>The key of the <see cref="GatewayCaller"/> in <see cref="ChatOptions.AdditionalProperties"/>.</summary>
    public const string CallerKey = "warbler.caller";

    /// <summary>The key of the provider that answered, in the last update's (and the response's) <c>AdditionalProperties</c>.</summary>
    public const string ProviderKey = "warbler.provider";

    /// <summary>True there when the upstream reported no usage and Warbler's tokenizer counted the prompt and the reply.</summary>
    public const string UsageEstimatedKey = "warbler.usage_estimated";

    /// <summary>What the tokens cost by the price table, when the model has a price.</summary>
    public const string CostKey = "warbler.cost";

    /// <summary>Names the caller of the call these options are for; returns the options.</summary>
    public static ChatOptions WithCaller(this ChatOptions options, GatewayCaller caller)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[CallerKey] = caller;
        return options;
    }

    /// <summary>Names the caller of the embedding call these options are for; returns the options.</summary>
    public static EmbeddingGenerationOptions WithEmbeddingCaller(this EmbeddingGenerationOptions options, GatewayCaller caller)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[CallerKey] = caller;
        return options;
    }

    /// <summary>The caller these embedding options name, or null.</summary>
    public static GatewayCaller? GetEmbeddingCaller(this EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(CallerKey, out var value) == true ? value as GatewayCaller : null;

    /// <summary>The caller these options name, or null.</summary>
    public static GatewayCaller? GetCaller(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(CallerKey, out var value) == true ? value as GatewayCaller : null;

    /// <summary>The provider that answered.</summary>
    public static string? GetProvider(this AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(ProviderKey, out var value) == true ? value as string : null;

    /// <summary>Whether the usage was counted by Warbler rather than reported by the upstream.</summary>
    public static bool GetUsageEstimated(this AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(UsageEstimatedKey, out var value) == true && value is true;

    /// <summary>What the answer cost, when priced.</summary>
    public static decimal? GetCost(this AdditionalPropertiesDictionary? properties) =>
        properties?.TryGetValue(CostKey, out var value) == true ? value as decimal? : null;
}
