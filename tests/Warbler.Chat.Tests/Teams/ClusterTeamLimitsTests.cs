using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Cluster;
using Warbler.Gateway.Limits;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Teams;

/// <summary>A team's limits hold across every server sharing the Redis, for its members' keys and their bot replies alike.</summary>
public sealed class ClusterTeamLimitsTests
{
    [RedisFact]
    public async Task TeamAllowedRRequestsPerMinute_GetsExactlyRSuccessesAcrossBothNodes_FromMembersKeysAndBotReplies()
    {
        const int R = 7;
        await using var nodes = await ClusterNodes.StartAsync();
        var sales = await nodes.A.CreateTeamAsync();
        var (annId, ann) = await nodes.A.AddUserAsync(sales, name: "ann");
        var (bobId, bob) = await nodes.A.AddUserAsync(sales, name: "bob");
        using var _ = ann;
        using var __ = bob;
        var (_, annKey) = await ann.CreateKeyAsync("/api/me/keys");
        var (_, bobKey) = await bob.CreateKeyAsync("/api/me/keys");
        using var admin = nodes.A.CreateAdminClient();
        var (_, teamKey) = await admin.CreateKeyAsync($"/api/teams/{sales}/keys");
        using var limited = await admin.PutAsJsonAsync($"/api/teams/{sales}/limits", new { requestsPerMinute = R });
        await UntilBothNodesKnowAsync(nodes, sales, R, annId, bobId);
        var bobOnB = nodes.B.CreateClient(await nodes.B.LoginAsync(await EmailOfAsync(bob)));
        using var ___ = bobOnB;
        HttpClient[] keys =
        [
            nodes.A.CreateClient(annKey), nodes.B.CreateClient(annKey), nodes.A.CreateClient(bobKey),
            nodes.B.CreateClient(bobKey), nodes.A.CreateClient(teamKey), nodes.B.CreateClient(teamKey),
        ];

        var calls = Enumerable.Range(0, 30).Select(i => i switch
        {
            // Three bot replies, one on each node and one more, among 27 /v1 calls.
            5 => ann.PostAsJsonAsync("/chat", new { message = "Hello" }),
            15 => bobOnB.PostAsJsonAsync("/chat", new { message = "Hello" }),
            25 => ann.PostAsJsonAsync("/chat", new { message = "Hello" }),
            _ => keys[i % keys.Length].PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat),
        });
        var answers = await Task.WhenAll(calls);

        Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        Assert.Equal(R, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        var refusedCall = answers.First(a => a.StatusCode != HttpStatusCode.OK && a.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/v1", StringComparison.Ordinal));
        Assert.Contains("team request limit", (await OpenAIErrorBody.ReadAsync(refusedCall)).Message, StringComparison.Ordinal);
        foreach (var client in keys)
        {
            client.Dispose();
        }

        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [RedisFact]
    public async Task TeamLimitsSetOnA_AreEnforcedByB()
    {
        await using var nodes = await ClusterNodes.StartAsync();
        var sales = await nodes.A.CreateTeamAsync();
        using var admin = nodes.A.CreateAdminClient();
        var (_, secret) = await admin.CreateKeyAsync($"/api/teams/{sales}/keys");
        using var onB = nodes.B.CreateClient(secret);
        using var before = await onB.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);

        using var limited = await admin.PutAsJsonAsync($"/api/teams/{sales}/limits", new { requestsPerMinute = 1 });
        await Eventually.UntilAsync(async () =>
        {
            using var answer = await onB.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);
            return answer.StatusCode == HttpStatusCode.TooManyRequests;
        }, because: "B to refuse the team's second request of the minute");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (before.StatusCode, limited.StatusCode));
    }

    private static async Task UntilBothNodesKnowAsync(ClusterNodes nodes, Guid team, int requestsPerMinute, params Guid[] members)
    {
        foreach (var node in (GatewayHost[])[nodes.A, nodes.B])
        {
            var directory = node.Services.GetRequiredService<SpendingLimitsDirectory>();
            await Eventually.UntilAsync(
                () => directory.TeamLimits(team).RequestsPerMinute == requestsPerMinute && members.All(m => directory.TeamChargedFor(m, null) == team),
                because: "both nodes to know the team's limits and members");
        }
    }

    private static async Task<string> EmailOfAsync(HttpClient user) =>
        (await user.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me")).GetProperty("email").GetString()!;
}
