using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Teams;
using Warbler.Data;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Spending;

/// <summary>From the calls that spend a team's budget to the people and the operator told of it: the limiter, the alerts, the hub and the webhook together.</summary>
public sealed class BudgetThresholdTests
{
    [Fact]
    public async Task TeamDailyTokens_SpentPast80AndThen100Percent_MembersAndTheWebhookAreToldOnceEach()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Notifications:Webhook:Url"] = receiver.Url;
            s["Notifications:Webhook:Secret"] = "whsec-threshold-test";
            s["Gateway:ReservedCompletionTokens"] = "16";
        });

        // Each answer uses 457 tokens of the team's 1,000 a day: 46 %, then 91 % (past 80), then 137 % (past 100), then refused.
        host.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 450, CompletionTokens = 7 };
        var team = await host.CreateTeamAsync("ops");
        using var admin = host.CreateAdminClient();
        using (var set = await admin.PutAsJsonAsync($"/api/teams/{team}/limits", new { dailyTokenBudget = 1000 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var email = ChatUsers.NewEmail("ops");
        var member = await host.CreateUserAsync(email);
        using (var added = await admin.PostAsJsonAsync($"/api/teams/{team}/members", new { userId = member, role = "member" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var tokens = await host.LoginAsync(email);
        await using var hub = await HubClient.ConnectAsync(host, tokens.AccessToken);
        using var user = host.CreateClient(tokens);
        var (_, secret) = await user.CreateKeyAsync("/api/me/keys");
        using var app = host.CreateClient(secret);

        var statuses = new List<HttpStatusCode>();
        for (var call = 0; call < 4; call++)
        {
            using var response = await app.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // The member hears both thresholds on the hub, each once.
        var events = await hub.WaitUntilAsync(e => e.Count(x => x.Name == "budgetAlert") >= 2, "the 80 % and 100 % alerts");
        var told = events.Where(e => e.Name == "budgetAlert").Select(e => e.Args[0]).ToList();
        Assert.Equal([80, 100], told.Select(a => a.GetProperty("percent").GetInt32()));
        Assert.All(told, a => Assert.Equal(("team", team, "daily_tokens"), (a.GetProperty("subject").GetString(), a.GetProperty("subjectId").GetGuid(), a.GetProperty("budget").GetString())));

        // The operator's webhook gets one delivery for each, and nothing is left to send.
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        await Eventually.UntilAsync(
            async () => await db.WebhookDeliveries.CountAsync(d => d.DeliveredAt == null) == 0 && receiver.Accepted.Count >= 2,
            because: () => $"both webhooks delivered ({receiver.Posts.Count} posts so far)");
        var bodies = receiver.Accepted.Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Equal([80, 100], bodies.Select(b => b.GetProperty("percent").GetInt32()).Order());
        Assert.All(bodies, b => Assert.Equal("budget.threshold", b.GetProperty("type").GetString()));
        Assert.Equal(2, receiver.Posts.Count);
        Assert.Equal(2, await db.BudgetAlerts.CountAsync());
    }
}
