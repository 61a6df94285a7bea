using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>
/// An admitted request's hold on its key's limits: one request slot, the tokens (and their cost)
/// reserved for it, and a place among the key's requests in flight. Settled once, when the answer
/// has gone out.
/// </summary>
public sealed class RateLimitLease
{
    private readonly KeyBuckets _buckets;
    private readonly KeyLimits _limits;
    private readonly int _reservedTokens;
    private readonly decimal _reservedCost;
    private readonly TimeProvider _time;
    private int _settled;

    internal RateLimitLease(KeyBuckets buckets, KeyLimits limits, int reservedTokens, decimal reservedCost, TimeProvider time)
    {
        _buckets = buckets;
        _limits = limits;
        _reservedTokens = reservedTokens;
        _reservedCost = reservedCost;
        _time = time;
    }

    /// <summary>
    /// Gives back the tokens reserved beyond <paramref name="usedTokens"/> (or takes the excess),
    /// charges the budgets with the tokens and their <paramref name="cost"/>, and frees the slot.
    /// </summary>
    public void Settle(int usedTokens, decimal cost)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1)
        {
            return;
        }

        lock (_buckets.Lock)
        {
            _buckets.InFlight--;
            if (_limits.TokensPerMinute is { } tokensPerMinute)
            {
                _buckets.Tokens = Math.Min(tokensPerMinute, _buckets.Tokens + _reservedTokens - usedTokens);
            }

            if (_limits.HasBudget)
            {
                _buckets.ReservedAgainstBudgets -= _reservedTokens;
                _buckets.ReservedCostAgainstBudgets -= _reservedCost;
                _buckets.RollPeriods(_time.GetUtcNow());
                _buckets.Spend(usedTokens, cost);
            }
        }
    }
}
