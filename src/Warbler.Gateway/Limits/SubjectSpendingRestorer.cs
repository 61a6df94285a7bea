using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Loads what each user and each team has spent, from the usage records, into the counters of
/// their limits, as <see cref="SpendingLoader"/> does for keys: at start, and when Redis comes
/// back. Counters another server already loaded are left alone.
/// </summary>
internal sealed class SubjectSpendingRestorer(IServiceProvider services, IKeyLimiter limiter, TimeProvider time)
{
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var now = time.GetUtcNow();
        var records = db.UsageRecords.AsNoTracking();
        foreach (var user in await UsageQueries.SpendingAsync(records.Where(r => r.UserId != null).GroupBy(r => r.UserId!.Value), now, cancellationToken))
        {
            await limiter.SetSpendingAsync(user with { KeyId = SubjectIds.User(user.KeyId) }, replace: false, cancellationToken);
        }

        foreach (var team in await UsageQueries.SpendingAsync(records.Where(r => r.TeamId != null).GroupBy(r => r.TeamId!.Value), now, cancellationToken))
        {
            await limiter.SetSpendingAsync(team with { KeyId = SubjectIds.Team(team.KeyId) }, replace: false, cancellationToken);
        }
    }

    /// <summary>Sets one user's or team's counters to what their usage records say, whatever they held.</summary>
    public async Task ReplaceAsync(Guid? userId, Guid? teamId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var now = time.GetUtcNow();
        var records = db.UsageRecords.AsNoTracking();
        if (userId is { } user)
        {
            var spent = (await UsageQueries.SpendingAsync(records.Where(r => r.UserId == user).GroupBy(r => r.UserId!.Value), now, cancellationToken)).SingleOrDefault();
            await limiter.SetSpendingAsync((spent ?? new KeySpending(user, 0, 0, 0)) with { KeyId = SubjectIds.User(user) }, replace: true, cancellationToken);
        }

        if (teamId is { } team)
        {
            var spent = (await UsageQueries.SpendingAsync(records.Where(r => r.TeamId == team).GroupBy(r => r.TeamId!.Value), now, cancellationToken)).SingleOrDefault();
            await limiter.SetSpendingAsync((spent ?? new KeySpending(team, 0, 0, 0)) with { KeyId = SubjectIds.Team(team) }, replace: true, cancellationToken);
        }
    }
}
