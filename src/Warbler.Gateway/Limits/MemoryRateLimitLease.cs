using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Limits;

/// <summary>A lease on counters kept in this server's memory.</summary>
internal sealed class MemoryRateLimitLease(KeyBuckets buckets, KeyLimits limits, int reservedTokens, decimal reservedCost, TimeProvider time) : RateLimitLease
{
    protected override void SettleOnce(int usedTokens, decimal cost)
    {
        SettledSpending? settled = null;
        lock (buckets.Lock)
        {
            buckets.InFlight--;
            if (limits.TokensPerMinute is { } tokensPerMinute)
            {
                buckets.Tokens = Math.Min(tokensPerMinute, buckets.Tokens + reservedTokens - usedTokens);
            }

            if (limits.HasBudget)
            {
                buckets.ReservedAgainstBudgets -= reservedTokens;
                buckets.ReservedCostAgainstBudgets -= reservedCost;
                var now = time.GetUtcNow();
                buckets.RollPeriods(now);
                buckets.Spend(usedTokens, cost);
                settled = new SettledSpending(
                    usedTokens, cost, buckets.SpentTotal, buckets.SpentToday, buckets.SpentThisMonth, buckets.CostTotal, buckets.CostToday, buckets.CostThisMonth, now);
            }
        }

        // Outside the lock: whoever is told may take their time.
        if (settled is { } spending)
        {
            Settled?.Invoke(spending);
        }
    }

    protected override void ReleaseOnce()
    {
        lock (buckets.Lock)
        {
            buckets.InFlight--;
            buckets.Requests = Math.Min(limits.RequestsPerMinute ?? 0, buckets.Requests + 1);
            buckets.Tokens = Math.Min(limits.TokensPerMinute ?? 0, buckets.Tokens + reservedTokens);
            if (limits.HasBudget)
            {
                buckets.ReservedAgainstBudgets -= reservedTokens;
                buckets.ReservedCostAgainstBudgets -= reservedCost;
            }
        }
    }
}
