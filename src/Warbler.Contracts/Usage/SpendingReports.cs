namespace Warbler.Contracts.Usage;

/// <summary>
/// One budget of a user or team and where it stands in its current period.
/// </summary>
/// <param name="Budget"><c>tokens</c>, <c>daily_tokens</c>, <c>monthly_tokens</c>, <c>cost</c>, <c>daily_cost</c>, <c>monthly_cost</c>, or <c>chat_daily_tokens</c> (the server-wide <c>Chat:UserLimits:TokensPerDay</c>).</param>
/// <param name="Unit"><c>tokens</c> or <c>cost</c> (in the price table's currency).</param>
/// <param name="Period"><c>total</c>, the UTC day (<c>2026-12-07</c>) or month (<c>2026-12</c>) it counts.</param>
/// <param name="Limit">The budget.</param>
/// <param name="Spent">What the period has used.</param>
/// <param name="Remaining">What is left, never below 0.</param>
/// <param name="RenewsAt">When the next period starts; null for a budget in all.</param>
public sealed record BudgetUsage(string Budget, string Unit, string Period, decimal Limit, decimal Spent, decimal Remaining, DateTimeOffset? RenewsAt);

/// <summary>The answer to <c>GET /api/me/usage</c>: the caller's spending in a range, by day and by model, and their budgets now.</summary>
public sealed record MyUsage(
    DateTimeOffset From,
    DateTimeOffset To,
    string Currency,
    UsageTotals Totals,
    IReadOnlyList<UsageGroup> ByDay,
    IReadOnlyList<UsageGroup> ByModel,
    IReadOnlyList<BudgetUsage> Budgets);

/// <summary>The answer to <c>GET /api/teams/{id}/usage</c>: the team's spending in a range, grouped, and its budgets now.</summary>
public sealed record TeamUsage(
    Guid TeamId,
    string TeamName,
    DateTimeOffset From,
    DateTimeOffset To,
    string GroupBy,
    string Currency,
    UsageTotals Totals,
    IReadOnlyList<UsageGroup> Groups,
    IReadOnlyList<BudgetUsage> Budgets);
