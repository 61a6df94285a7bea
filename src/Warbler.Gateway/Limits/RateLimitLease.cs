using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>
/// An admitted request's hold on its key's limits: one request slot, the tokens reserved for it,
/// and a place among the key's requests in flight. Settled once, when the answer has gone out.
/// </summary>
public sealed class RateLimitLease
{
    private readonly KeyBuckets _buckets;
    private readonly KeyLimits _limits;
    private readonly int _reservedTokens;
    private readonly TimeProvider _time;
    private int _settled;

    internal RateLimitLease(KeyBuckets buckets, KeyLimits limits, int reservedTokens, TimeProvider time)
    {
        _buckets = buckets;
        _limits = limits;
        _reservedTokens = reservedTokens;
        _time = time;
    }

    /// <summary>Gives back the tokens reserved beyond <paramref name="usedTokens"/> (or takes the excess), charges the budgets, and frees the slot.</summary>
    public void Settle(int usedTokens)
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
                _buckets.RollPeriods(_time.GetUtcNow());
                _buckets.Spend(usedTokens);
            }
        }
    }
}
