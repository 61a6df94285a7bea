using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>Keys, their limits and the providers are one for every server sharing the Redis.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ClusterGatewayTests(SharedCluster cluster)
{
    private static readonly object Chat = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } } };

    [RedisFact]
    public async Task KeyLimitedToRRequestsPerMinute_GetsExactlyRSuccessesAcrossBothNodes()
    {
        const int R = 7;
        var nodes = await cluster.FreshAsync();
        var (_, secret) = await CreateKeyAsync(nodes, new { requestsPerMinute = R });
        using var onA = nodes.A.CreateClient(secret);
        using var onB = nodes.B.CreateClient(secret);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/v1/chat/completions", Chat)));

        Assert.Equal(R, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
        Assert.All(refused, a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Equal("rate_limit_exceeded", (await OpenAIErrorBody.ReadAsync(refused[0])).Code);
        Assert.All(refused, a => Assert.Equal("0", a.Headers.GetValues("x-ratelimit-remaining-requests").Single()));
    }

    [RedisFact]
    public async Task KeyLimitedToTwoInFlight_HasAtMostTwoAcrossBothNodes_AndTheSlotsComeBack()
    {
        var nodes = await cluster.FreshAsync();
        var (_, secret) = await CreateKeyAsync(nodes, new { maxConcurrentRequests = 2 });
        foreach (var node in (GatewayHost[])[nodes.A, nodes.B])
        {
            node.Upstream.Default = FakeUpstream.UpstreamScript.Answer("slow") with { DelayBeforeHeaders = TimeSpan.FromMilliseconds(500) };
        }

        using var onA = nodes.A.CreateClient(secret);
        using var onB = nodes.B.CreateClient(secret);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? onA : onB).PostAsJsonAsync("/v1/chat/completions", Chat)));
        using var afterwards = await onB.PostAsJsonAsync("/v1/chat/completions", Chat);

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [RedisFact]
    public async Task DailyTokenBudget_SpentPartlyOnEachNode_IsRefusedWhenTheSumReachesIt()
    {
        // Each answer of the fake upstream uses 18 tokens (11 prompt, 7 completion).
        var nodes = await cluster.FreshAsync();
        var (_, secret) = await CreateKeyAsync(nodes, new { dailyTokenBudget = 40 });
        using var onA = nodes.A.CreateClient(secret);
        using var onB = nodes.B.CreateClient(secret);
        var small = new { model = "gpt-4o-mini", max_tokens = 5, messages = new[] { new { role = "user", content = "Hi" } } };

        using var first = await onA.PostAsJsonAsync("/v1/chat/completions", small);
        using var second = await onB.PostAsJsonAsync("/v1/chat/completions", small);
        await TimeUntilAsync(async () =>
        {
            using var usage = JsonDocument.Parse(await onB.GetStringAsync("/v1/usage"));
            return usage.RootElement.GetProperty("budgets")[0].GetProperty("used").GetDecimal() == 36;
        });
        using var third = await onA.PostAsJsonAsync("/v1/chat/completions", small);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(third);
        Assert.Equal("insufficient_quota", error.Code);
        Assert.Contains("36 of 40 tokens", error.Message, StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task KeyRevokedOnA_IsRefusedByBWithinASecond()
    {
        var nodes = await cluster.FreshAsync();
        var (id, secret) = await CreateKeyAsync(nodes, new { });
        using var onB = nodes.B.CreateClient(secret);
        using var before = await onB.GetAsync("/v1/models");
        using var admin = nodes.A.CreateAdminClient();

        using var revoked = await admin.DeleteAsync($"/api/admin/keys/{id}");
        var clock = Stopwatch.StartNew();
        HttpResponseMessage answer;
        while ((answer = await onB.GetAsync("/v1/models")).StatusCode == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            answer.Dispose();
            await Task.Delay(10);
        }

        var refusedAfter = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(revoked.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("invalid_api_key", (await OpenAIErrorBody.ReadAsync(answer)).Code);
        Assert.True(refusedAfter < TimeSpan.FromSeconds(1), $"B refused the revoked key {refusedAfter.TotalMilliseconds:F0} ms after A revoked it.");
    }

    [RedisFact]
    public async Task KeyCreatedOnA_IsServedAtOnceByANodeItsNoticeHasNotReached()
    {
        var nodes = await cluster.FreshAsync();
        var late = await nodes.StartOneThatHearsNothingAsync();
        using var admin = nodes.A.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "fresh key" });
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        using var onLate = late.CreateClient(secret);
        using var madeUp = late.CreateClient("wk-" + Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

        using var first = await onLate.PostAsJsonAsync("/v1/chat/completions", Chat);
        using var second = await onLate.GetAsync("/v1/models");
        using var refused = await madeUp.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_api_key", (await OpenAIErrorBody.ReadAsync(refused)).Code);
    }

    [RedisFact]
    public async Task ProviderAddedAndRemovedOnA_IsInForceOnBWithinASecond()
    {
        var nodes = await cluster.FreshAsync();
        await using var extra = await FakeUpstream.FakeUpstreamServer.StartAsync();
        using var adminA = nodes.A.CreateAdminClient();
        using var adminB = nodes.B.CreateAdminClient();
        Assert.False(await ListsModelAsync(adminB, "extra-model"));

        using var added = await adminA.PostAsJsonAsync("/api/admin/providers", new { name = "extra", baseUrl = extra.BaseUrl, apiKey = "sk-extra", models = new[] { "extra-model" }, priority = -1 });
        var addedAfter = await TimeUntilAsync(async () => await ListsModelAsync(adminB, "extra-model"));
        using var served = await adminB.PostAsJsonAsync("/v1/chat/completions", new { model = "extra-model", messages = new[] { new { role = "user", content = "Hi" } } });

        using var removed = await adminA.DeleteAsync("/api/admin/providers/extra");
        var removedAfter = await TimeUntilAsync(async () => !await ListsModelAsync(adminB, "extra-model"));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.True(addedAfter < TimeSpan.FromSeconds(1), $"B served the provider added on A after {addedAfter.TotalMilliseconds:F0} ms.");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Single(extra.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        Assert.True(removed.IsSuccessStatusCode);
        Assert.True(removedAfter < TimeSpan.FromSeconds(1), $"B dropped the provider removed on A after {removedAfter.TotalMilliseconds:F0} ms.");
    }

    private static async Task<bool> ListsModelAsync(HttpClient admin, string model)
    {
        var providers = await admin.GetFromJsonAsync<JsonElement>("/api/admin/providers");
        return providers.EnumerateArray().Any(p => p.GetProperty("models").EnumerateArray().Any(m => m.GetString() == model));
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (at most 30 s, for a busy machine) and returns how long that took.</summary>
    internal static async Task<TimeSpan> TimeUntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "The condition did not hold within 30 s.");
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    /// <summary>Creates a key on A, and waits until B knows it too (a notice away).</summary>
    internal static async Task<(Guid Id, string Secret)> CreateKeyAsync(ClusterNodes nodes, object limits)
    {
        using var admin = nodes.A.CreateAdminClient();
        var body = JsonSerializer.SerializeToNode(limits)!.AsObject();
        body["name"] = "cluster key";
        using var response = await admin.PostAsJsonAsync("/api/admin/keys", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("key").GetString()!;
        using var onB = nodes.B.CreateClient(secret);
        await TimeUntilAsync(async () =>
        {
            using var models = await onB.GetAsync("/v1/models");
            return models.StatusCode == HttpStatusCode.OK;
        });
        return (created.GetProperty("id").GetGuid(), secret);
    }
}
