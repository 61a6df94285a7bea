using System.Globalization;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Budgets;

/// <summary>
/// Sees a user's or team's spending pass 80 % and 100 % of its budgets: each settled charge is
/// compared with the counters just before it, so the one charge that passes a threshold tells
/// <see cref="IBudgetAlerts"/>. With the counters in Redis, that charge is on one server.
/// </summary>
internal sealed class BudgetWatch(IBudgetAlerts alerts)
{
    private static readonly int[] Thresholds = [80, 100];

    /// <summary>What to call when a charge of <paramref name="limits"/>' counters is settled; null when they have no budget.</summary>
    public Action<SettledSpending>? Watch(BudgetSubject subject, Guid id, KeyLimits limits) =>
        limits.HasBudget ? spending => Check(subject, id, limits, spending) : null;

    private void Check(BudgetSubject subject, Guid id, KeyLimits limits, SettledSpending spent)
    {
        var day = spent.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = spent.At.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Check(subject, id, "tokens", "total", limits.TokenBudget, spent.Total, spent.Used, spent.At);
        Check(subject, id, "daily_tokens", day, limits.DailyTokenBudget, spent.Today, spent.Used, spent.At);
        Check(subject, id, "monthly_tokens", month, limits.MonthlyTokenBudget, spent.ThisMonth, spent.Used, spent.At);
        Check(subject, id, "cost", "total", limits.CostBudget, spent.CostTotal, spent.Cost, spent.At);
        Check(subject, id, "daily_cost", day, limits.DailyCostBudget, spent.CostToday, spent.Cost, spent.At);
        Check(subject, id, "monthly_cost", month, limits.MonthlyCostBudget, spent.CostThisMonth, spent.Cost, spent.At);
    }

    private void Check(BudgetSubject subject, Guid id, string budget, string period, decimal? limit, decimal after, decimal charged, DateTimeOffset at)
    {
        if (limit is not { } budgetLimit || budgetLimit <= 0 || charged <= 0)
        {
            return;
        }

        var before = after - charged;
        foreach (var percent in Thresholds)
        {
            var threshold = budgetLimit * percent / 100;
            if (before < threshold && after >= threshold)
            {
                alerts.Crossed(new BudgetCrossing(subject, id, budget, period, percent, after, budgetLimit, at));
            }
        }
    }
}
