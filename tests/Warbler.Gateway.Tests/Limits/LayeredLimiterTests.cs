using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Warbler.Cluster;
using Warbler.Gateway.Budgets;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;

namespace Warbler.Gateway.Tests.Limits;

/// <summary>
/// Limits at every level, in memory on a clock the test moves: a call by a user's key counts
/// against the key, the user and the team; what the client is told when a level refuses; what
/// the levels before it give back; and the budget crossings seen when calls settle.
/// </summary>
public sealed class LayeredLimiterTests : IDisposable
{
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();
    private static readonly Guid Sales = Guid.NewGuid();
    private static readonly Guid Support = Guid.NewGuid();
    private static readonly Guid HelpBot = Guid.NewGuid();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SpendingLimitsDirectory _directory;
    private readonly RecordingBudgetAlerts _alerts = new();
    private readonly LayeredLimiter _limiter;

    public LayeredLimiterTests()
    {
        var pricing = new PricingOptions { Models = { ["priced"] = new ModelPrice { Input = 1_000_000m, Output = 1_000_000m } } };
        var inner = new KeyRateLimiter(_time, new GatewayMetrics(_services.GetRequiredService<IMeterFactory>()), new PriceTable(Options.Create(pricing)));
        _directory = new SpendingLimitsDirectory(_services, ClusterNotices.None);
        _limiter = new LayeredLimiter(inner, _directory, new BudgetWatch(_alerts));
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AdmitAsync_TeamRequestLimitSpentByTwoMembersKeys_Refuses429NamingTheTeamLimit()
    {
        Use(teams: new() { [Sales] = new KeyLimits(RequestsPerMinute: 2, null, null) });
        await AdmitAsync(Key(Ann, Sales));
        await AdmitAsync(Key(Bob, Sales));

        var refused = await RefusedAsync(Key(Ann, Sales));

        Assert.Equal((429, "rate_limit_exceeded"), (refused.Error.StatusCode, refused.Error.Code));
        Assert.Equal("Rate limit reached for requests: the team request limit is 2 per minute.", refused.Error.Message);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
    }

    [Fact]
    public async Task AdmitAsync_UserKeyWithoutTeam_CountsAgainstTheUsersFirstTeamByJoinDate()
    {
        Use(teams: new() { [Support] = new KeyLimits(RequestsPerMinute: 1, null, null) }, teamsOfUser: new() { [Ann] = [Support, Sales] });
        await AdmitAsync(Key(Ann, team: null));

        var refused = await RefusedAsync(Key(Ann, team: null));

        Assert.Contains("team request limit", refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_TeamRefusesAfterTheKeyAdmitted_GivesTheKeysPlaceInFlightBack()
    {
        Use(teams: new() { [Sales] = new KeyLimits(RequestsPerMinute: 1, null, null) });
        var key = Key(Ann, Sales, new KeyLimits(null, null, MaxConcurrentRequests: 1));
        (await AdmitAsync(key)).Settle(10, 0);
        await RefusedAsync(key);

        // Had the refusal kept the key's one place in flight, this would be refused by the key.
        var again = await RefusedAsync(key);

        Assert.Contains("team request limit", again.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdmitAsync_UserDailyCostBudgetSpent_Refuses429InsufficientQuotaNamingTheUserBudget()
    {
        Use(users: new() { [Ann] = new KeyLimits(null, null, null, DailyCostBudget: 0.5m) });
        (await AdmitAsync(Key(Ann, null), "priced", (0, 0))).Settle(usedTokens: 1, cost: 0.5m);

        var refused = await RefusedAsync(Key(Ann, null), "priced", (1, 0));

        Assert.Equal((429, "insufficient_quota"), (refused.Error.StatusCode, refused.Error.Code));
        Assert.StartsWith("You exceeded the user daily cost budget: 0.5 of 0.5 USD used", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(14), refused.RetryAfter);
    }

    [Fact]
    public async Task Settle_UsePassing80And100PercentOfATeamBudget_TellsEachCrossingOnce()
    {
        Use(teams: new() { [Sales] = new KeyLimits(null, null, null, DailyTokenBudget: 100) });
        (await AdmitAsync(Key(Ann, Sales), reserve: (10, 0))).Settle(70, 0);
        (await AdmitAsync(Key(Ann, Sales), reserve: (10, 0))).Settle(15, 0);
        (await AdmitAsync(Key(Bob, Sales), reserve: (10, 0))).Settle(5, 0);
        (await AdmitAsync(Key(Bob, Sales), reserve: (10, 0))).Settle(10, 0);

        Assert.Equal(
            [
                new BudgetCrossing(BudgetSubject.Team, Sales, "daily_tokens", "2026-12-07", 80, 85, 100, _time.GetUtcNow()),
                new BudgetCrossing(BudgetSubject.Team, Sales, "daily_tokens", "2026-12-07", 100, 100, 100, _time.GetUtcNow()),
            ],
            _alerts.Crossings);
    }

    [Fact]
    public void TeamChargedFor_BotLimitedToTeams_IsTheFirstOfTheBotsTeamsTheUserIsIn()
    {
        Use(teamsOfUser: new() { [Ann] = [Sales, Support] }, teamsOfBot: new() { [HelpBot] = [Support] });

        Assert.Equal(Support, _directory.TeamChargedFor(Ann, HelpBot));
        Assert.Equal(Sales, _directory.TeamChargedFor(Ann, botId: null));
        Assert.Null(_directory.TeamChargedFor(Bob, HelpBot));
    }

    private void Use(
        Dictionary<Guid, KeyLimits>? users = null, Dictionary<Guid, KeyLimits>? teams = null,
        Dictionary<Guid, Guid[]>? teamsOfUser = null, Dictionary<Guid, Guid[]>? teamsOfBot = null) =>
        _directory.Use(new SpendingLimitsSnapshot(
            (users ?? []).ToFrozenDictionary(),
            (teams ?? []).ToFrozenDictionary(),
            (teamsOfUser ?? []).ToFrozenDictionary(),
            (teamsOfBot ?? []).ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet())));

    private static CallerKey Key(Guid owner, Guid? team, KeyLimits? limits = null) =>
        new(Guid.NewGuid(), "key", "wk-", false, new HashSet<string>(), null, limits ?? KeyLimits.None, owner, team);

    private async Task<RateLimitLease> AdmitAsync(CallerKey key, string model = "m", (int, int)? reserve = null) =>
        (await _limiter.AdmitAsync(key, model, () => reserve ?? (1, 1), null, default))!;

    private async Task<OpenAIErrorException> RefusedAsync(CallerKey key, string model = "m", (int, int)? reserve = null) =>
        await Assert.ThrowsAsync<OpenAIErrorException>(async () => await _limiter.AdmitAsync(key, model, () => reserve ?? (1, 1), null, default));

    private sealed class RecordingBudgetAlerts : IBudgetAlerts
    {
        public List<BudgetCrossing> Crossings { get; } = [];

        public void Crossed(BudgetCrossing crossing) => Crossings.Add(crossing);
    }
}
