namespace Warbler.Data.Usage;

/// <summary>
/// What one completion used: a <c>/v1</c> request, or a bot's reply asked for in-process.
/// Written by the gateway's background usage writer.
/// </summary>
public sealed class UsageRecord
{
    public long Id { get; set; }

    /// <summary>The <c>x-request-id</c> the client received, or the id the chat service gave a bot's reply.</summary>
    public required string RequestId { get; set; }

    /// <summary>The gateway key that called; <see cref="Guid.Empty"/> for bot replies, which no key calls.</summary>
    public Guid KeyId { get; set; }

    /// <summary>For bot replies: the user the reply was for; for <c>/v1</c> traffic: the user who owns the key, if anyone does.</summary>
    public Guid? UserId { get; set; }

    /// <summary>The team the call counted against, if any: the key's team, or the team the user's bot reply was charged to.</summary>
    public Guid? TeamId { get; set; }

    /// <summary>For bot replies: the bot that answered. Null for <c>/v1</c> traffic.</summary>
    public Guid? BotId { get; set; }

    /// <summary>The model the client asked for.</summary>
    public required string Model { get; set; }

    /// <summary>The model the upstream said answered, when it said.</summary>
    public string? AnsweredModel { get; set; }

    public string? Provider { get; set; }

    /// <summary>The HTTP status the client received (for bot replies: the status the same outcome has on <c>/v1</c>; 499 when stopped).</summary>
    public int Status { get; set; }

    public int PromptTokens { get; set; }

    public int CachedTokens { get; set; }

    /// <summary>Prompt tokens the provider wrote to its prompt cache (counted in <see cref="PromptTokens"/>).</summary>
    public int CacheWriteTokens { get; set; }

    public int CompletionTokens { get; set; }

    /// <summary>For images, audio and speech: how much was made or read, in <see cref="Unit"/>; null when only tokens count.</summary>
    public double? Quantity { get; set; }

    /// <summary>What <see cref="Quantity"/> counts: <c>images</c>, <c>seconds</c> (of audio) or <c>characters</c> (of speech input).</summary>
    public string? Unit { get; set; }

    /// <summary>What the tokens cost by the price table, in its currency; null when the model has no price.</summary>
    public decimal? Cost { get; set; }

    public bool Stream { get; set; }

    /// <summary>True when tokens were counted by Warbler's tokenizer rather than reported by the upstream.</summary>
    public bool Estimated { get; set; }

    public double LatencyMs { get; set; }

    /// <summary>For streams: until the first chunk reached the client.</summary>
    public double? TimeToFirstTokenMs { get; set; }

    public DateTime CreatedAt { get; set; }
}
