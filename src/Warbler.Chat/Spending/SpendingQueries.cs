using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Usage;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Data.Usage;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Spending;

/// <summary>What a user or a team spent, summed by the database, and where their budgets stand.</summary>
internal sealed class SpendingQueries(WarblerDbContext db)
{
    public static readonly string[] TeamGroupings = ["day", "key", "model", "user"];

    public IQueryable<UsageRecord> OfUser(Guid userId) => db.UsageRecords.AsNoTracking().Where(r => r.UserId == userId);

    public IQueryable<UsageRecord> OfTeam(Guid teamId) => db.UsageRecords.AsNoTracking().Where(r => r.TeamId == teamId);

    public static IQueryable<UsageRecord> Within(IQueryable<UsageRecord> records, DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = (from.UtcDateTime, to.UtcDateTime);
        return records.Where(r => r.CreatedAt >= start && r.CreatedAt < end);
    }

    public async Task<UsageTotals> TotalsAsync(IQueryable<UsageRecord> records, CancellationToken cancellationToken) =>
        (await UsageGrouping.GroupAsync(records, _ => 1, _ => "", cancellationToken)).SingleOrDefault()?.Totals ?? UsageTotals.None;

    /// <summary>The groups of <paramref name="groupBy"/> (day, key, model or user), named where a name is known.</summary>
    public async Task<List<UsageGroup>> GroupAsync(IQueryable<UsageRecord> records, string groupBy, CancellationToken cancellationToken)
    {
        switch (groupBy)
        {
            case "day":
                return await UsageGrouping.GroupAsync(records, r => r.CreatedAt.Date, day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken);
            case "model":
                return await UsageGrouping.GroupAsync(records, r => r.Model, name => name, cancellationToken);
            case "key":
                // Bot replies have no key: their group is "".
                var byKey = await UsageGrouping.GroupAsync(records, r => r.BotId == null ? (Guid?)r.KeyId : null, id => id?.ToString() ?? "", cancellationToken);
                var keyIds = byKey.Where(g => g.Group.Length > 0).Select(g => Guid.Parse(g.Group)).ToList();
                var keys = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).ToDictionaryAsync(k => k.Id.ToString(), k => k.Name, cancellationToken);
                return byKey.Select(g => g with { Name = g.Group.Length == 0 ? "bot replies" : keys.GetValueOrDefault(g.Group) }).ToList();
            default:
                var byUser = await UsageGrouping.GroupAsync(records, r => r.UserId, id => id?.ToString() ?? "", cancellationToken);
                var userIds = byUser.Where(g => g.Group.Length > 0).Select(g => Guid.Parse(g.Group)).ToList();
                var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, cancellationToken);
                return byUser.Select(g => g with { Name = users.GetValueOrDefault(g.Group) }).ToList();
        }
    }

    /// <summary>Each budget set in <paramref name="limits"/>, with what its current period (UTC) has spent.</summary>
    public async Task<List<BudgetUsage>> BudgetsAsync(IQueryable<UsageRecord> records, SpendingLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var budgets = new List<BudgetUsage>();
        if (limits is { TokenBudget: null, DailyTokenBudget: null, MonthlyTokenBudget: null, CostBudget: null, DailyCostBudget: null, MonthlyCostBudget: null })
        {
            return budgets;
        }

        var periods = BudgetPeriods.At(now);
        var today = periods.Day.UtcDateTime;
        var month = periods.Month.UtcDateTime;
        var spent = await records
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Tokens = g.Sum(r => (long)r.PromptTokens + r.CompletionTokens),
                TokensToday = g.Sum(r => r.CreatedAt >= today ? (long)r.PromptTokens + r.CompletionTokens : 0L),
                TokensThisMonth = g.Sum(r => r.CreatedAt >= month ? (long)r.PromptTokens + r.CompletionTokens : 0L),
                Cost = g.Sum(r => r.Cost ?? 0m),
                CostToday = g.Sum(r => r.CreatedAt >= today ? r.Cost ?? 0m : 0m),
                CostThisMonth = g.Sum(r => r.CreatedAt >= month ? r.Cost ?? 0m : 0m),
            })
            .SingleOrDefaultAsync(cancellationToken);
        Add(budgets, "daily_tokens", "tokens", periods.DayName, limits.DailyTokenBudget, spent?.TokensToday ?? 0, periods.Day.AddDays(1));
        Add(budgets, "monthly_tokens", "tokens", periods.MonthName, limits.MonthlyTokenBudget, spent?.TokensThisMonth ?? 0, periods.Month.AddMonths(1));
        Add(budgets, "tokens", "tokens", "total", limits.TokenBudget, spent?.Tokens ?? 0, null);
        Add(budgets, "daily_cost", "cost", periods.DayName, limits.DailyCostBudget, spent?.CostToday ?? 0, periods.Day.AddDays(1));
        Add(budgets, "monthly_cost", "cost", periods.MonthName, limits.MonthlyCostBudget, spent?.CostThisMonth ?? 0, periods.Month.AddMonths(1));
        Add(budgets, "cost", "cost", "total", limits.CostBudget, spent?.Cost ?? 0, null);
        return budgets;
    }

    /// <summary>Tokens the user's records used today (UTC), which <c>Chat:UserLimits:TokensPerDay</c> counts.</summary>
    public async Task<long> TokensTodayAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = BudgetPeriods.At(now).Day.UtcDateTime;
        return await OfUser(userId).Where(r => r.CreatedAt >= today).SumAsync(r => (long)r.PromptTokens + r.CompletionTokens, cancellationToken);
    }

    public static void Add(List<BudgetUsage> budgets, string budget, string unit, string period, decimal? limit, decimal spent, DateTimeOffset? renewsAt)
    {
        if (limit is { } value)
        {
            budgets.Add(new BudgetUsage(budget, unit, period, value, spent, Math.Max(0, value - spent), renewsAt));
        }
    }
}
