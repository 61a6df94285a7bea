using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Limits;

/// <summary>A lease on counters kept in this server's memory.</summary>
internal sealed class MemoryRateLimitLease(KeyBuckets buckets, KeyLimits limits, int reservedTokens, decimal reservedCost, TimeProvider time) : RateLimitLease
{
    protected override void SettleOnce(int usedTokens, decimal cost)
    {
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
                buckets.RollPeriods(time.GetUtcNow());
                buckets.Spend(usedTokens, cost);
            }
        }
    }
}
