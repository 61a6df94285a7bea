using Warbler.Gateway.Budgets;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Admits a call against every level it counts at: the key's own limits (or, for a bot reply,
/// <c>Chat:UserLimits</c>), then the limits of the user who owns it, then those of the team it is
/// charged to. Each level is counted by the same limiter (in memory or Redis), under an id of its
/// own (<see cref="SubjectIds"/>). A refusal at any level releases what the levels before it took.
/// </summary>
internal sealed class LayeredLimiter(IKeyLimiter inner, SpendingLimitsDirectory directory, BudgetWatch budgets) : IKeyLimiter
{
    private static readonly IReadOnlySet<string> AnyModel = new HashSet<string>();

    public async ValueTask<RateLimitLease?> AdmitAsync(CallerKey key, string model, Func<(int Prompt, int Completion)> reserve, HttpResponse? response, CancellationToken cancellationToken)
    {
        var (userId, teamId) = directory.ChargeOf(key);
        var userLimits = userId is { } user ? directory.UserLimits(user) : KeyLimits.None;
        var teamLimits = teamId is { } team ? directory.TeamLimits(team) : KeyLimits.None;
        if (!userLimits.Any && !teamLimits.Any)
        {
            return await inner.AdmitAsync(key, model, reserve, response, cancellationToken);
        }

        // Counted once, whichever levels need it.
        (int Prompt, int Completion)? estimate = null;
        (int, int) Reserve() => estimate ??= reserve();

        var leases = new List<RateLimitLease>(3);
        try
        {
            if (await inner.AdmitAsync(key, model, Reserve, response, cancellationToken) is { } keyLease)
            {
                leases.Add(keyLease);
            }

            if (userLimits.Any)
            {
                if (await AdmitLevelAsync(SubjectIds.User(userId!.Value), "user", userLimits, model, Reserve, cancellationToken) is { } lease)
                {
                    lease.Settled = budgets.Watch(BudgetSubject.User, userId.Value, userLimits);
                    leases.Add(lease);
                }
            }

            if (teamLimits.Any)
            {
                if (await AdmitLevelAsync(SubjectIds.Team(teamId!.Value), "team", teamLimits, model, Reserve, cancellationToken) is { } lease)
                {
                    lease.Settled = budgets.Watch(BudgetSubject.Team, teamId.Value, teamLimits);
                    leases.Add(lease);
                }
            }
        }
        catch
        {
            foreach (var taken in leases)
            {
                taken.Release();
            }

            throw;
        }

        return new LayeredLease(leases);
    }

    private ValueTask<RateLimitLease?> AdmitLevelAsync(Guid id, string level, KeyLimits limits, string model, Func<(int, int)> reserve, CancellationToken cancellationToken) =>
        inner.AdmitAsync(new CallerKey(id, level, "", false, AnyModel, null, limits, Level: level), model, reserve, response: null, cancellationToken);

    public ValueTask WriteCurrentHeadersAsync(CallerKey key, HttpResponse response, CancellationToken cancellationToken) =>
        inner.WriteCurrentHeadersAsync(key, response, cancellationToken);

    public Task SetSpendingAsync(KeySpending spending, bool replace, CancellationToken cancellationToken) =>
        inner.SetSpendingAsync(spending, replace, cancellationToken);

    /// <summary>The leases of every level that admitted the call, settled or released together.</summary>
    private sealed class LayeredLease(List<RateLimitLease> leases) : RateLimitLease
    {
        protected override void SettleOnce(int usedTokens, decimal cost)
        {
            foreach (var lease in leases)
            {
                lease.Settle(usedTokens, cost);
            }
        }

        protected override void ReleaseOnce()
        {
            foreach (var lease in leases)
            {
                lease.Release();
            }
        }
    }
}
