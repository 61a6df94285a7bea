using Warbler.Data.Keys;

namespace Warbler.Gateway.Keys;

/// <summary>A key's rate limits, token budgets and cost budgets; null means no limit of that kind.</summary>
public sealed record KeyLimits(
    int? RequestsPerMinute,
    int? TokensPerMinute,
    int? MaxConcurrentRequests,
    long? TokenBudget = null,
    long? DailyTokenBudget = null,
    long? MonthlyTokenBudget = null,
    decimal? CostBudget = null,
    decimal? DailyCostBudget = null,
    decimal? MonthlyCostBudget = null)
{
    public static readonly KeyLimits None = new(null, null, null);

    public bool HasTokenBudget => TokenBudget is not null || DailyTokenBudget is not null || MonthlyTokenBudget is not null;

    public bool HasCostBudget => CostBudget is not null || DailyCostBudget is not null || MonthlyCostBudget is not null;

    public bool HasBudget => HasTokenBudget || HasCostBudget;

    public bool Any => RequestsPerMinute is not null || TokensPerMinute is not null || MaxConcurrentRequests is not null || HasBudget;

    public static KeyLimits Of(ApiKey stored) => new(
        stored.RequestsPerMinute, stored.TokensPerMinute, stored.MaxConcurrentRequests,
        stored.TokenBudget, stored.DailyTokenBudget, stored.MonthlyTokenBudget,
        stored.CostBudget, stored.DailyCostBudget, stored.MonthlyCostBudget);

    public void ApplyTo(ApiKey stored)
    {
        stored.RequestsPerMinute = RequestsPerMinute;
        stored.TokensPerMinute = TokensPerMinute;
        stored.MaxConcurrentRequests = MaxConcurrentRequests;
        stored.TokenBudget = TokenBudget;
        stored.DailyTokenBudget = DailyTokenBudget;
        stored.MonthlyTokenBudget = MonthlyTokenBudget;
        stored.CostBudget = CostBudget;
        stored.DailyCostBudget = DailyCostBudget;
        stored.MonthlyCostBudget = MonthlyCostBudget;
    }
}
