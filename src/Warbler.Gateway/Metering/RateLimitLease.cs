namespace Warbler.Gateway.Metering;

/// <summary>
/// An admitted request's hold on its key's limits: one request slot, the tokens (and their cost)
/// reserved for it, and a place among the key's requests in flight. Settled once, when the answer
/// has gone out.
/// </summary>
internal abstract class RateLimitLease
{
    private int _settled;

    /// <summary>
    /// Gives back the tokens reserved beyond <paramref name="usedTokens"/> (or takes the excess),
    /// charges the budgets with the tokens and their <paramref name="cost"/>, and frees the slot.
    /// </summary>
    public void Settle(int usedTokens, decimal cost)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            SettleOnce(usedTokens, cost);
        }
    }

    protected abstract void SettleOnce(int usedTokens, decimal cost);
}
