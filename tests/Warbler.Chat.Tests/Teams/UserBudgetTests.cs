using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Teams;

/// <summary>A user's own limits hold their keys' <c>/v1</c> calls and their bot replies together.</summary>
public sealed class UserBudgetTests
{
    [Fact]
    public async Task UserDailyCostBudget_OnceSpent_RefusesV1CallsAndBotReplies()
    {
        // 1 per million tokens: an answer of 6,000 prompt tokens costs about 0.006, and a budget of 0.01 holds one and a bit.
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Pricing:Models:gpt-4o-mini:Input"] = "1";
            s["Pricing:Models:gpt-4o-mini:Output"] = "1";
            s["Gateway:ReservedCompletionTokens"] = "16";
        });
        host.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 6000 };
        var sales = await host.CreateTeamAsync();
        var (ann, client) = await host.AddUserAsync(sales, name: "ann");
        using var _ = client;
        using var admin = host.CreateAdminClient();
        using var set = await admin.PutAsJsonAsync($"/api/admin/users/{ann}/limits", new { dailyCostBudget = 0.01m });
        var (keyId, secret) = await client.CreateKeyAsync("/api/me/keys");
        using var withKey = host.CreateClient(secret);

        using var reply = await client.PostAsJsonAsync("/chat", new { message = "Hello" });
        using var call = await withKey.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);
        using var refusedCall = await withKey.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);
        using var refusedReply = await client.PostAsJsonAsync("/chat", new { message = "Hello again" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (reply.StatusCode, call.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedCall.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(refusedCall);
        Assert.Equal("insufficient_quota", error.Code);
        Assert.StartsWith("You exceeded the user daily cost budget: 0.012", error.Message, StringComparison.Ordinal);
        Assert.NotNull(refusedCall.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedReply.StatusCode);
        Assert.StartsWith("You have used up your tokens for today", (await ProblemBody.ReadAsync(refusedReply)).Detail, StringComparison.Ordinal);
        Assert.NotNull(refusedReply.Headers.RetryAfter);
        Assert.Equal(2, host.Upstream.Requests.Count);

        // Every call's usage record names the user and the team it counted against.
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        await Eventually.UntilAsync(async () => await db.UsageRecords.CountAsync(r => r.UserId == ann) == 4, because: "the four calls' usage records");
        var records = await db.UsageRecords.AsNoTracking().Where(r => r.UserId == ann).ToListAsync();
        Assert.All(records, r => Assert.Equal(sales, r.TeamId));
        Assert.Equal(2, records.Count(r => r.KeyId == keyId));
    }

    [Fact]
    public async Task TeamCostBudget_BotModelWithoutAPrice_ChatIs403SayingSo()
    {
        await using var host = await GatewayHost.StartAsync();
        var team = await host.CreateTeamAsync();
        var (_, client) = await host.AddUserAsync(team, name: "bea");
        using var _ = client;
        using var admin = host.CreateAdminClient();
        using var set = await admin.PutAsJsonAsync($"/api/teams/{team}/limits", new { dailyCostBudget = 1m });

        using var reply = await client.PostAsJsonAsync("/chat", new { message = "Hello" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);
        var problem = await ProblemBody.ReadAsync(reply);
        Assert.Equal("The bot may not answer", problem.Title);
        Assert.Contains("has no price in this server's price table", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }
}
