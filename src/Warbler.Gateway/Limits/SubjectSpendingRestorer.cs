using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Usage;
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
        foreach (var user in await SpendingAsync(records.Where(r => r.UserId != null).GroupBy(r => r.UserId!.Value), now, cancellationToken))
        {
            await limiter.SetSpendingAsync(user with { KeyId = SubjectIds.User(user.KeyId) }, replace: false, cancellationToken);
        }

        foreach (var team in await SpendingAsync(records.Where(r => r.TeamId != null).GroupBy(r => r.TeamId!.Value), now, cancellationToken))
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
            var spent = (await SpendingAsync(records.Where(r => r.UserId == user).GroupBy(r => r.UserId!.Value), now, cancellationToken)).SingleOrDefault();
            await limiter.SetSpendingAsync((spent ?? new KeySpending(user, 0, 0, 0)) with { KeyId = SubjectIds.User(user) }, replace: true, cancellationToken);
        }

        if (teamId is { } team)
        {
            var spent = (await SpendingAsync(records.Where(r => r.TeamId == team).GroupBy(r => r.TeamId!.Value), now, cancellationToken)).SingleOrDefault();
            await limiter.SetSpendingAsync((spent ?? new KeySpending(team, 0, 0, 0)) with { KeyId = SubjectIds.Team(team) }, replace: true, cancellationToken);
        }
    }

    private static async Task<List<KeySpending>> SpendingAsync(IQueryable<IGrouping<Guid, UsageRecord>> groups, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = now.UtcDateTime.Date;
        var month = new DateTime(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return await groups
            .Select(g => new KeySpending(
                g.Key,
                g.Sum(r => (long)r.PromptTokens + r.CompletionTokens),
                g.Sum(r => r.CreatedAt >= today ? (long)r.PromptTokens + r.CompletionTokens : 0L),
                g.Sum(r => r.CreatedAt >= month ? (long)r.PromptTokens + r.CompletionTokens : 0L),
                g.Sum(r => r.Cost ?? 0m),
                g.Sum(r => r.CreatedAt >= today ? r.Cost ?? 0m : 0m),
                g.Sum(r => r.CreatedAt >= month ? r.Cost ?? 0m : 0m)))
            .ToListAsync(cancellationToken);
    }
}
