using Warbler.Contracts.Teams;
using Warbler.Data.Keys;
using Warbler.Data.Teams;

namespace Warbler.Chat.Teams;

/// <summary>Spending limits between their stored form and the API's, and their checks.</summary>
internal static class SpendingLimitsBodies
{
    public static SpendingLimitsBody From(SpendingLimits limits) => new(
        limits.RequestsPerMinute, limits.TokensPerMinute, limits.TokenBudget, limits.DailyTokenBudget, limits.MonthlyTokenBudget,
        limits.CostBudget, limits.DailyCostBudget, limits.MonthlyCostBudget);

    public static void ApplyTo(SpendingLimitsBody body, SpendingLimits limits)
    {
        limits.RequestsPerMinute = body.RequestsPerMinute;
        limits.TokensPerMinute = body.TokensPerMinute;
        limits.TokenBudget = body.TokenBudget;
        limits.DailyTokenBudget = body.DailyTokenBudget;
        limits.MonthlyTokenBudget = body.MonthlyTokenBudget;
        limits.CostBudget = body.CostBudget;
        limits.DailyCostBudget = body.DailyCostBudget;
        limits.MonthlyCostBudget = body.MonthlyCostBudget;
    }

    /// <summary>Every limit given is more than 0; null (or left out) is none.</summary>
    public static Dictionary<string, string[]> Validate(SpendingLimitsBody body)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in (ReadOnlySpan<(string, decimal?)>)[
            ("requestsPerMinute", body.RequestsPerMinute), ("tokensPerMinute", body.TokensPerMinute), ("tokenBudget", body.TokenBudget),
            ("dailyTokenBudget", body.DailyTokenBudget), ("monthlyTokenBudget", body.MonthlyTokenBudget), ("costBudget", body.CostBudget),
            ("dailyCostBudget", body.DailyCostBudget), ("monthlyCostBudget", body.MonthlyCostBudget)])
        {
            if (value <= 0)
            {
                errors[name] = ["A limit is more than 0; leave it out (or null) for none."];
            }
        }

        foreach (var (name, value) in (ReadOnlySpan<(string, decimal?)>)[("costBudget", body.CostBudget), ("dailyCostBudget", body.DailyCostBudget), ("monthlyCostBudget", body.MonthlyCostBudget)])
        {
            if (value > ApiKeyLimits.MaxCostBudget)
            {
                errors[name] = [$"A budget is at most {ApiKeyLimits.MaxCostBudget}."];
            }
        }

        return errors;
    }
}
