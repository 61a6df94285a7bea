using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>
/// One key's token buckets: requests and tokens refill continuously at the per-minute rate, up to
/// one minute's worth, and start full. Callers hold the lock.
/// </summary>
internal sealed class KeyBuckets
{
    public readonly Lock Lock = new();

    private long _refilledAt = -1;

    public double Requests { get; set; }

    public double Tokens { get; set; }

    public int InFlight { get; set; }

    public long SpentTotal { get; set; }

    public long SpentToday { get; set; }

    public long SpentThisMonth { get; set; }

    public decimal CostTotal { get; set; }

    public decimal CostToday { get; set; }

    public decimal CostThisMonth { get; set; }

    /// <summary>Tokens reserved by requests in flight, counted against the budgets until settled.</summary>
    public long ReservedAgainstBudgets { get; set; }

    /// <summary>The cost of the tokens reserved by requests in flight, counted against the cost budgets until settled.</summary>
    public decimal ReservedCostAgainstBudgets { get; set; }

    private DateOnly _today;
    private (int Year, int Month) _month;

    /// <summary>Starts a new day's and month's spending when the UTC date has moved on.</summary>
    public void RollPeriods(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today != _today)
        {
            _today = today;
            SpentToday = 0;
            CostToday = 0;
        }

        if ((now.UtcDateTime.Year, now.UtcDateTime.Month) != _month)
        {
            _month = (now.UtcDateTime.Year, now.UtcDateTime.Month);
            SpentThisMonth = 0;
            CostThisMonth = 0;
        }
    }

    public void Spend(long tokens, decimal cost)
    {
        SpentTotal += tokens;
        SpentToday += tokens;
        SpentThisMonth += tokens;
        CostTotal += cost;
        CostToday += cost;
        CostThisMonth += cost;
    }

    public void Refill(KeyLimits limits, long now, TimeProvider time)
    {
        if (_refilledAt < 0)
        {
            Requests = limits.RequestsPerMinute ?? 0;
            Tokens = limits.TokensPerMinute ?? 0;
        }
        else
        {
            var minutes = time.GetElapsedTime(_refilledAt, now).TotalMinutes;
            Requests = Math.Min(limits.RequestsPerMinute ?? 0, Requests + (minutes * (limits.RequestsPerMinute ?? 0)));
            Tokens = Math.Min(limits.TokensPerMinute ?? 0, Tokens + (minutes * (limits.TokensPerMinute ?? 0)));
        }

        _refilledAt = now;
    }
}
