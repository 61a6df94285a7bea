namespace Warbler.Contracts.Keys;

/// <summary>
/// The body of <c>POST /api/admin/keys</c>. Limits left out are not enforced; cost budgets are in
/// the price table's currency. <c>OwnerUserId</c> makes the key a user's (its calls count against
/// the user's limits too), <c>TeamId</c> a team's.
/// </summary>
public sealed record CreateKeyRequest(
    string? Name,
    List<string>? Models,
    DateTimeOffset? ExpiresAt,
    int? RequestsPerMinute = null,
    int? TokensPerMinute = null,
    int? MaxConcurrentRequests = null,
    long? TokenBudget = null,
    long? DailyTokenBudget = null,
    long? MonthlyTokenBudget = null,
    decimal? CostBudget = null,
    decimal? DailyCostBudget = null,
    decimal? MonthlyCostBudget = null,
    Guid? OwnerUserId = null,
    Guid? TeamId = null);

/// <summary>
/// The body of <c>PATCH /api/admin/keys/{id}</c>: fields left out stay as they are; a limit of 0
/// removes that limit, and an empty model list allows every model.
/// </summary>
public sealed record UpdateKeyRequest(
    string? Name,
    List<string>? Models,
    DateTimeOffset? ExpiresAt,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? TokenBudget = null,
    long? DailyTokenBudget = null,
    long? MonthlyTokenBudget = null,
    decimal? CostBudget = null,
    decimal? DailyCostBudget = null,
    decimal? MonthlyCostBudget = null);

/// <summary>A key as the admin API shows it: never its secret.</summary>
public sealed record KeyResponse(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Models,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? TokenBudget,
    long? DailyTokenBudget,
    long? MonthlyTokenBudget,
    decimal? CostBudget,
    decimal? DailyCostBudget,
    decimal? MonthlyCostBudget,
    Guid? OwnerUserId = null,
    Guid? TeamId = null);

/// <summary>The answer to <c>POST /api/admin/keys</c>: the only time the secret is shown.</summary>
public sealed record CreatedKeyResponse(
    Guid Id,
    string Name,
    string Key,
    string Prefix,
    IReadOnlyList<string> Models,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? TokenBudget,
    long? DailyTokenBudget,
    long? MonthlyTokenBudget,
    decimal? CostBudget,
    decimal? DailyCostBudget,
    decimal? MonthlyCostBudget,
    Guid? OwnerUserId = null,
    Guid? TeamId = null);
