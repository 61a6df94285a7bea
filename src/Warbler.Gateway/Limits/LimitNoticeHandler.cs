using Warbler.Cluster;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Another server changed users' or teams' limits, memberships or bots' teams: read them again.
/// After a reconnection (notices may have been missed, Redis may have restarted empty), read them
/// and restore the spending of users and teams into the shared counters.
/// </summary>
internal sealed class LimitNoticeHandler(SpendingLimitsDirectory directory, SubjectSpendingRestorer restorer) : IClusterNoticeHandler<Guid>
{
    public Task HandleAsync(Guid notice, CancellationToken cancellationToken) => directory.ReloadAsync(cancellationToken);

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await directory.ReloadAsync(cancellationToken);
        await restorer.RestoreAsync(cancellationToken);
    }
}
