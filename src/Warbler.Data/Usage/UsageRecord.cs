namespace Warbler.Data.Usage;

/// <summary>What one <c>/v1</c> request used: written by the gateway's background usage writer.</summary>
public sealed class UsageRecord
{
    public long Id { get; set; }

    /// <summary>The <c>x-request-id</c> the client received.</summary>
    public required string RequestId { get; set; }

    public Guid KeyId { get; set; }

    /// <summary>The model the client asked for.</summary>
    public required string Model { get; set; }

    /// <summary>The model the upstream said answered, when it said.</summary>
    public string? AnsweredModel { get; set; }

    public string? Provider { get; set; }

    /// <summary>The HTTP status the client received.</summary>
    public int Status { get; set; }

    public int PromptTokens { get; set; }

    public int CachedTokens { get; set; }

    public int CompletionTokens { get; set; }

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
