using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>
/// What the gateway holds users and teams to, in memory (nothing on a request's path waits on the
/// database): users' and teams' limits, teams' members, bots' teams. Whoever changes any of them
/// calls <see cref="ChangedAsync"/>, which reads them again here and tells the other servers to.
/// </summary>
public sealed class SpendingLimitsDirectory(IServiceProvider services, ClusterNotices notices)
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile SpendingLimitsSnapshot _snapshot = SpendingLimitsSnapshot.Empty;

    /// <summary>Puts changed limits, memberships or bots' teams in force on this server at once and on the others as they hear of it.</summary>
    public async Task ChangedAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        notices.Publish(LimitNotices.Topic, Guid.Empty);
    }

    /// <summary>
    /// Puts a user's or a team's new limits in force, as <see cref="ChangedAsync"/> does, and sets
    /// their budgets' counters to what the usage records say they have spent: calls made while they
    /// had no budget were not counted in them.
    /// </summary>
    public async Task LimitsSetAsync(Guid? userId, Guid? teamId, CancellationToken cancellationToken)
    {
        await ChangedAsync(cancellationToken);
        await services.GetRequiredService<SubjectSpendingRestorer>().ReplaceAsync(userId, teamId, cancellationToken);
    }

    /// <summary>
    /// The team a user's bot reply (or a call by the user's key without a team) is charged to: the
    /// first of the bot's teams the user is in, else the user's first team by join date; null for
    /// a user in no team.
    /// </summary>
    public Guid? TeamChargedFor(Guid userId, Guid? botId)
    {
        var snapshot = _snapshot;
        if (!snapshot.TeamsOfUser.TryGetValue(userId, out var teams))
        {
            return null;
        }

        if (botId is { } bot && snapshot.TeamsOfBot.TryGetValue(bot, out var botTeams))
        {
            foreach (var team in teams)
            {
                if (botTeams.Contains(team))
                {
                    return team;
                }
            }
        }

        return teams[0];
    }

    /// <summary>
    /// Whether a bot limited to teams is for this user: true for a bot limited to none, or when the
    /// user is in one of its teams. Admins may use every bot; that is for the caller to add.
    /// </summary>
    public bool MayUseBot(Guid userId, Guid botId)
    {
        var snapshot = _snapshot;
        return !snapshot.TeamsOfBot.TryGetValue(botId, out var botTeams)
            || (snapshot.TeamsOfUser.TryGetValue(userId, out var teams) && teams.Any(botTeams.Contains));
    }

    internal KeyLimits UserLimits(Guid userId) => _snapshot.Users.GetValueOrDefault(userId, KeyLimits.None);

    internal KeyLimits TeamLimits(Guid teamId) => _snapshot.Teams.GetValueOrDefault(teamId, KeyLimits.None);

    /// <summary>Whom a key's call is charged to besides the key: its owner, and its team (or the owner's first team).</summary>
    internal (Guid? User, Guid? Team) ChargeOf(CallerKey key) => (key.OwnerUserId, key.TeamId ?? (key.OwnerUserId is { } owner ? TeamChargedFor(owner, null) : null));

    /// <summary>Puts a state read elsewhere in force: for tests of the limiter without a database.</summary>
    internal void Use(SpendingLimitsSnapshot snapshot) => _snapshot = snapshot;

    internal async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            var users = await db.Users.AsNoTracking()
                .Where(u => u.Limits.RequestsPerMinute != null || u.Limits.TokensPerMinute != null || u.Limits.TokenBudget != null
                    || u.Limits.DailyTokenBudget != null || u.Limits.MonthlyTokenBudget != null || u.Limits.CostBudget != null
                    || u.Limits.DailyCostBudget != null || u.Limits.MonthlyCostBudget != null)
                .Select(u => new { u.Id, u.Limits })
                .ToListAsync(cancellationToken);
            var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Limits }).ToListAsync(cancellationToken);
            var members = await db.TeamMembers.AsNoTracking().Select(m => new { m.UserId, m.TeamId, m.JoinedAt }).ToListAsync(cancellationToken);
            var botTeams = await db.BotTeams.AsNoTracking().ToListAsync(cancellationToken);
            _snapshot = new SpendingLimitsSnapshot(
                users.ToFrozenDictionary(u => u.Id, u => LimitsOf(u.Limits)),
                teams.Where(t => LimitsOf(t.Limits).Any).ToFrozenDictionary(t => t.Id, t => LimitsOf(t.Limits)),
                members.GroupBy(m => m.UserId).ToFrozenDictionary(g => g.Key, g => g.OrderBy(m => m.JoinedAt).ThenBy(m => m.TeamId).Select(m => m.TeamId).ToArray()),
                botTeams.GroupBy(b => b.BotId).ToFrozenDictionary(g => g.Key, g => g.Select(b => b.TeamId).ToFrozenSet()));
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>A user's or team's limits in the form the limiter enforces; they have no limit on requests in flight.</summary>
    public static KeyLimits LimitsOf(SpendingLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new(
            limits.RequestsPerMinute, limits.TokensPerMinute, null,
            limits.TokenBudget, limits.DailyTokenBudget, limits.MonthlyTokenBudget,
            limits.CostBudget, limits.DailyCostBudget, limits.MonthlyCostBudget);
    }
}
