using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Cluster;
using Warbler.FakeUpstream;
using Warbler.Gateway.Budgets;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Teams;

/// <summary>A team's budget crossing is seen once, by one of the servers sharing the Redis.</summary>
public sealed class ClusterBudgetCrossingTests
{
    [RedisFact]
    public async Task TeamDailyTokenBudget_PassedByCallsOnTwoNodes_IsToldOnceAt80AndOnceAt100Percent()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = TestDatabase.CreateNew();
        var alerts = new RecordingBudgetAlerts();
        var prefix = "test-" + Guid.NewGuid().ToString("N")[..12];
        void Settings(Dictionary<string, string?> s)
        {
            s["Redis:Configuration"] = redis.EndPoint;
            s["Redis:Prefix"] = prefix;
        }

        try
        {
            await using var a = await GatewayHost.StartAsync(configure: Settings, database: database, services: s => s.AddSingleton<IBudgetAlerts>(alerts));
            await using var b = await GatewayHost.StartAsync(configure: Settings, database: database, services: s => s.AddSingleton<IBudgetAlerts>(alerts));

            // Each answer uses 57 tokens: two take the team from 0 past 80 and past 100 of its 100.
            foreach (var node in (GatewayHost[])[a, b])
            {
                node.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 50 };
            }

            var sales = await a.CreateTeamAsync();
            using var admin = a.CreateAdminClient();
            var (_, secret) = await admin.CreateKeyAsync($"/api/teams/{sales}/keys");
            using var limited = await admin.PutAsJsonAsync($"/api/teams/{sales}/limits", new { dailyTokenBudget = 100 });
            var directory = b.Services.GetRequiredService<Warbler.Gateway.Limits.SpendingLimitsDirectory>();
            await Eventually.UntilAsync(() => directory.TeamLimits(sales).DailyTokenBudget == 100, because: "B to know the team's budget");
            using var onA = a.CreateClient(secret);
            using var onB = b.CreateClient(secret);

            var answers = await Task.WhenAll(onA.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat), onB.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat));
            await Eventually.UntilAsync(() => alerts.Crossings.Count >= 2, because: "the crossings at 80 % and 100 %");
            using var refused = await onA.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);

            Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var day = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(
                [(BudgetSubject.Team, sales, "daily_tokens", day, 80, 114m, 100m), (BudgetSubject.Team, sales, "daily_tokens", day, 100, 114m, 100m)],
                alerts.Crossings.Select(c => (c.Subject, c.SubjectId, c.Budget, c.Period, c.Percent, c.Spent, c.Limit)).OrderBy(c => c.Percent));
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
        finally
        {
            database.Release();
        }
    }

    private sealed class RecordingBudgetAlerts : IBudgetAlerts
    {
        private readonly ConcurrentQueue<BudgetCrossing> _crossings = new();

        public IReadOnlyList<BudgetCrossing> Crossings => [.. _crossings];

        public void Crossed(BudgetCrossing crossing) => _crossings.Enqueue(crossing);
    }
}
