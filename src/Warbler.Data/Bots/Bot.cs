namespace Warbler.Data.Bots;

/// <summary>
/// An AI member of the chat: which model answers for it, with what instructions and sampling
/// settings, and how many tokens of a room's history its requests may carry.
/// </summary>
public sealed class Bot
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>What people write after <c>@</c> to mention it; stored in lowercase, unique.</summary>
    public required string Handle { get; set; }

    public required string Model { get; set; }

    public string SystemPrompt { get; set; } = "";

    /// <summary>Sampling settings sent with each request; null leaves the model's default.</summary>
    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? MaxTokens { get; set; }

    public double? FrequencyPenalty { get; set; }

    public double? PresencePenalty { get; set; }

    /// <summary>Tokens of system prompt and history each request may hold.</summary>
    public int ContextBudget { get; set; } = BotLimits.DefaultContextBudget;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
