using Warbler.Contracts.Json;

namespace Warbler.Contracts.Bots;

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
