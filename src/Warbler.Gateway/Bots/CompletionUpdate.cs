using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Bots;

/// <summary>
/// One step of a bot's streamed reply: a piece of text as it arrives, or (last, with no text) how
/// the reply finished.
/// </summary>
public sealed record CompletionUpdate
{
    /// <summary>The text that arrived since the previous update; empty in the final update.</summary>
    public string Text { get; init; } = "";

    /// <summary>Set only in the final update.</summary>
    public CompletionFinish? Finish { get; init; }
}

/// <summary>How a reply finished, who answered it, and what it used.</summary>
/// <param name="FinishReason">The upstream's <c>finish_reason</c> (<c>stop</c>, <c>length</c>, <c>content_filter</c>…), null when it gave none.</param>
/// <param name="Model">The model that answered, as the upstream named it; the model asked for when it did not say.</param>
/// <param name="Provider">The provider that answered.</param>
/// <param name="Usage">The tokens used: the upstream's own count, or Warbler's when <paramref name="UsageEstimated"/>.</param>
/// <param name="UsageEstimated">True when the upstream reported no usage and Warbler's tokenizer counted the prompt and the reply.</param>
/// <param name="Cost">What the tokens cost by the price table; null when the model has no price.</param>
public sealed record CompletionFinish(string? FinishReason, string Model, string Provider, TokenUsage Usage, bool UsageEstimated, decimal? Cost);
