namespace Warbler.Gateway.Metering;

/// <summary>
/// An admitted request's hold on its key's limits: one request slot, the tokens (and their cost)
/// reserved for it, and a place among the key's requests in flight. Settled once, when the answer
/// has gone out; or released, when another level's limits refused the request.
/// </summary>
internal abstract class RateLimitLease
{
    private int _settled;

    /// <summary>
    /// Told what the budgets' counters hold once this lease's use is charged to them: how budget
    /// crossings are seen. Called only for leases with budgets; set before <see cref="Settle"/>.
    /// </summary>
    public Action<SettledSpending>? Settled { get; set; }

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

    /// <summary>Gives back all that admission took (the request slot too), charging nothing: the request was not made.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            ReleaseOnce();
        }
    }

    protected abstract void SettleOnce(int usedTokens, decimal cost);

    protected abstract void ReleaseOnce();
}
