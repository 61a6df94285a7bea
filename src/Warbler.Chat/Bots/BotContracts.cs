using Warbler.Chat.Json;
using Warbler.Data;
using Warbler.Data.Bots;

namespace Warbler.Chat.Bots;

/// <summary>
/// The body of <c>POST /api/bots</c>. Name, handle and model are required; sampling settings left
/// out use the model's defaults; <c>contextBudget</c> defaults to 8000 tokens.
/// </summary>
public sealed record CreateBotRequest(
    string? Name,
    string? Handle,
    string? Model,
    string? SystemPrompt,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    double? FrequencyPenalty,
    double? PresencePenalty,
    int? ContextBudget);

/// <summary>
/// The body of <c>PATCH /api/bots/{id}</c>: fields left out stay as they are; a sampling setting
/// sent as <c>null</c> goes back to the model's default.
/// </summary>
public sealed record UpdateBotRequest(
    Optional<string?> Name,
    Optional<string?> Handle,
    Optional<string?> Model,
    Optional<string?> SystemPrompt,
    Optional<double?> Temperature,
    Optional<double?> TopP,
    Optional<int?> MaxTokens,
    Optional<double?> FrequencyPenalty,
    Optional<double?> PresencePenalty,
    Optional<int?> ContextBudget);

public sealed record BotResponse(
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
    DateTimeOffset UpdatedAt)
{
    public static BotResponse From(Bot bot) => new(
        bot.Id,
        bot.Name,
        bot.Handle,
        bot.Model,
        bot.SystemPrompt,
        bot.Temperature,
        bot.TopP,
        bot.MaxTokens,
        bot.FrequencyPenalty,
        bot.PresencePenalty,
        bot.ContextBudget,
        StoredTime.AsUtc(bot.CreatedAt),
        StoredTime.AsUtc(bot.UpdatedAt));
}
