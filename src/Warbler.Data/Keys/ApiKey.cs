namespace Warbler.Data.Keys;

/// <summary>
/// A key that callers present to Warbler. Only the SHA-256 hash of the secret is stored;
/// <see cref="Prefix"/> is the visible start of the secret so people can tell keys apart.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public required byte[] Hash { get; set; }

    /// <summary>The user the key belongs to; null for keys that belong to nobody in particular (or only to a team).</summary>
    public Guid? OwnerUserId { get; set; }

    /// <summary>The team the key belongs to: its calls count against the team's limits; null for none.</summary>
    public Guid? TeamId { get; set; }

    /// <summary>Admin keys may call <c>/api/admin</c> as well as <c>/v1</c>.</summary>
    public bool IsAdmin { get; set; }

    /// <summary>Models the key may use; empty means every model.</summary>
    public List<string> Models { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    /// <summary>Requests a minute; null for no limit.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Prompt and completion tokens a minute; null for no limit.</summary>
    public int? TokensPerMinute { get; set; }

    /// <summary>Requests in flight at once; null for no limit.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Tokens the key may use in all; null for no budget.</summary>
    public long? TokenBudget { get; set; }

    /// <summary>Tokens the key may use each UTC day; null for no budget.</summary>
    public long? DailyTokenBudget { get; set; }

    /// <summary>Tokens the key may use each UTC calendar month; null for no budget.</summary>
    public long? MonthlyTokenBudget { get; set; }

    /// <summary>What the key may spend in all, in the price table's currency; null for no budget.</summary>
    public decimal? CostBudget { get; set; }

    /// <summary>What the key may spend each UTC day; null for no budget.</summary>
    public decimal? DailyCostBudget { get; set; }

    /// <summary>What the key may spend each UTC calendar month; null for no budget.</summary>
    public decimal? MonthlyCostBudget { get; set; }
}
