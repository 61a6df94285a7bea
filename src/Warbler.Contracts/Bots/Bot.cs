namespace Warbler.Contracts.Bots;

/// <summary>An AI member of rooms: a model with its own instructions, mentioned as <c>@handle</c>.</summary>
/// <param name="Id">The bot's id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Handle">What people write after <c>@</c> to mention it, in lowercase.</param>
/// <param name="Model">The model it answers with.</param>
/// <param name="SystemPrompt">Its instructions.</param>
/// <param name="Temperature">Sampling temperature, or <c>null</c> for the model's default.</param>
/// <param name="TopP">Nucleus sampling, or <c>null</c> for the model's default.</param>
/// <param name="MaxTokens">The longest reply in tokens, or <c>null</c> for the model's default.</param>
/// <param name="FrequencyPenalty">Frequency penalty, or <c>null</c> for the model's default.</param>
/// <param name="PresencePenalty">Presence penalty, or <c>null</c> for the model's default.</param>
/// <param name="ContextBudget">How many tokens of instructions and history each request may hold.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record Bot(
    Guid Id,
    string Name,
    string Handle,
    string Model,
    string SystemPrompt,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    double? FrequencyPenalty,
    double? PresencePenalty,
    int ContextBudget,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
