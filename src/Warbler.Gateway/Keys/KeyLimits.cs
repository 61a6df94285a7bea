namespace Warbler.Gateway.Keys;

/// <summary>A key's rate limits and token budgets; null means no limit of that kind.</summary>
public sealed record KeyLimits(
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? TokenBudget = null,
    long? DailyTokenBudget = null,
    long? MonthlyTokenBudget = null)
{
    public static readonly KeyLimits None = new(null, null, null);

    public bool HasBudget => TokenBudget is not null || DailyTokenBudget is not null || MonthlyTokenBudget is not null;

    public bool Any => RequestsPerMinute is not null || TokensPerMinute is not null || MaxConcurrentRequests is not null || HasBudget;
}
