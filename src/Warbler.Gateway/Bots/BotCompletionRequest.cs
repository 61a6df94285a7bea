namespace Warbler.Gateway.Bots;

/// <summary>
/// What a bot is asked to answer: the model, its context, the sampling parameters (null: the
/// upstream's default), and whom the reply is for, which the usage record and the user's limits count.
/// </summary>
public sealed record BotCompletionRequest
{
    public required string Model { get; init; }

    public required IReadOnlyList<BotMessage> Messages { get; init; }

    /// <summary>The user the reply is for: their per-user limits apply, and the usage record names them.</summary>
    public required Guid UserId { get; init; }

    public required Guid BotId { get; init; }

    /// <summary>The id of the usage record (at most 64 characters), so the reply can be traced from the chat to the gateway.</summary>
    public required string RequestId { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    /// <summary>Longest reply in tokens; also what is reserved against the user's daily tokens while it streams.</summary>
    public int? MaxTokens { get; init; }

    public double? FrequencyPenalty { get; init; }

    public double? PresencePenalty { get; init; }
}
