namespace Warbler.Data.Spending;

/// <summary>
/// A budget crossing that was told: its key (subject, subject id, budget, period, percent) is unique,
/// so whichever node inserts it first tells it, and a crossing seen again is dropped.
/// </summary>
public sealed class BudgetAlertRecord
{
    public long Id { get; set; }

    /// <summary><c>user</c> or <c>team</c>.</summary>
    public required string Subject { get; set; }

    public Guid SubjectId { get; set; }

    /// <summary><c>tokens</c>, <c>daily_tokens</c>, <c>monthly_cost</c> and so on.</summary>
    public required string Budget { get; set; }

    /// <summary><c>total</c>, a UTC day (<c>2026-12-07</c>) or month (<c>2026-12</c>).</summary>
    public required string Period { get; set; }

    public int Percent { get; set; }

    public decimal Spent { get; set; }

    public decimal Limit { get; set; }

    /// <summary>The id the hub event and the webhook carry.</summary>
    public Guid EventId { get; set; }

    public DateTime CreatedAt { get; set; }
}
