namespace Warbler.Data.Teams;

/// <summary>
/// Limits on what a team or a user may use, across all their keys and bot replies, on top of each
/// key's own limits. Null means no limit of that kind. Costs are in the price table's currency.
/// </summary>
public sealed class SpendingLimits
{
    /// <summary>Requests a minute; null for no limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Prompt and completion tokens a minute; null for no limit.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Tokens in all; null for no budget.</summary>
    public long? TokenBudget { get; set; }

    /// <summary>Tokens each UTC day; null for no budget.</summary>
    public long? DailyTokenBudget { get; set; }

    /// <summary>Tokens each UTC calendar month; null for no budget.</summary>
    public long? MonthlyTokenBudget { get; set; }

    /// <summary>Cost in all; null for no budget.</summary>
    public decimal? CostBudget { get; set; }

    /// <summary>Cost each UTC day; null for no budget.</summary>
    public decimal? DailyCostBudget { get; set; }

    /// <summary>Cost each UTC calendar month; null for no budget.</summary>
    public decimal? MonthlyCostBudget { get; set; }
}
