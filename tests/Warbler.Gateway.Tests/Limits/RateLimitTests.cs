using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Limits;

public sealed class RateLimitTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task RequestsPerMinute_ManyConcurrentRequests_ExactlyTheLimitSucceed()
    {
        const int limit = 5;
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { requestsPerMinute = limit }));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())));

        // The bucket refills one request every 12 s: on a machine slow enough to take that long, one more is due.
        var refilled = (int)(clock.Elapsed.TotalMinutes * limit);
        var admitted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(admitted, limit, limit + refilled);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(12 - admitted, refused.Count);
        Assert.Equal(admitted, host.Upstream.Requests.Count);
        foreach (var response in refused)
        {
            var error = await OpenAIErrorBody.ReadAsync(response);
            Assert.Equal("rate_limit_exceeded", error.Code);
            Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
            Assert.Equal("5", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
            Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
            Assert.EndsWith("s", response.Headers.GetValues("x-ratelimit-reset-requests").Single(), StringComparison.Ordinal);
            Assert.True(response.Headers.Contains("x-ratelimit-limit-tokens") && response.Headers.Contains("x-ratelimit-remaining-tokens") && response.Headers.Contains("x-ratelimit-reset-tokens"));
        }

        if (refilled == 0)
        {
            var remaining = responses.Where(r => r.StatusCode == HttpStatusCode.OK)
                .Select(r => r.Headers.GetValues("x-ratelimit-remaining-requests").Single())
                .Order(StringComparer.Ordinal);
            Assert.Equal(["0", "1", "2", "3", "4"], remaining);
        }

        // Other test servers in this process share the meter, so the count is at least this run's.
        var metrics = await host.CreateClient().GetStringAsync("/metrics");
        var refusals = System.Text.RegularExpressions.Regex.Match(metrics, @"warbler_gateway_rate_limit_refusals_total\{[^}]*reason=""requests""[^}]*\} (\d+)");
        Assert.True(refusals.Success, "no rate-limit refusal counter for reason=requests");
        Assert.True(int.Parse(refusals.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= refused.Count);
    }

    [Fact]
    public async Task MaxConcurrentRequests_MoreInFlight_RefusesTheExcessAndFreesSlotsAfterwards()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Answer() with { DelayBeforeHeaders = TimeSpan.FromMilliseconds(700) };
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { maxConcurrentRequests = 2 }));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        host.Upstream.Default = UpstreamScript.Answer();
        using var after = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task TokensPerMinute_ReservationSettledWithRealUsage_GivesBackWhatWasNotUsed()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { tokensPerMinute = 200 }));

        // Reserves the prompt and 150 completion tokens; the upstream reports 18 in all.
        using var first = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", max_tokens = 150, messages = new[] { new { role = "user", content = "Hello" } } });
        using var second = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", max_tokens = 150, messages = new[] { new { role = "user", content = "Hello" } } });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var remainingAfterFirst = int.Parse(first.Headers.GetValues("x-ratelimit-remaining-tokens").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(remainingAfterFirst, 200 - 150 - 20, 200 - 150);
        Assert.Equal("200", second.Headers.GetValues("x-ratelimit-limit-tokens").Single());
    }

    [Fact]
    public async Task TokensPerMinute_RequestThatWouldExceedIt_IsRefused()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Answer() with { DelayBeforeHeaders = TimeSpan.FromMilliseconds(500) };
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { tokensPerMinute = 200 }));
        var request = new { model = "gpt-4o-mini", max_tokens = 150, messages = new[] { new { role = "user", content = "Hello" } } };

        // While the first holds its reservation, the second does not fit.
        var first = client.PostAsJsonAsync("/v1/chat/completions", request);
        await Eventually.UntilAsync(() => host.Upstream.Requests.Count == 1, TimeSpan.FromSeconds(10), "the first request to reach the upstream");
        using var second = await client.PostAsJsonAsync("/v1/chat/completions", request);
        using var tooLarge = await client.PostAsJsonAsync("/v1/chat/completions", new { request.model, max_tokens = 500, request.messages });

        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("tokens", (await OpenAIErrorBody.ReadAsync(second)).Message, StringComparison.Ordinal);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooLarge.StatusCode);
        Assert.Contains("Request too large", (await OpenAIErrorBody.ReadAsync(tooLarge)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_LimitsOfALiveKey_TakeEffectAtOnceAndZeroRemovesThem()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        using var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "patched" })).Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString();
        using var client = host.CreateClient(created.RootElement.GetProperty("key").GetString());

        using var limit = await admin.PatchAsJsonAsync($"/api/admin/keys/{id}", new { requestsPerMinute = 1 });
        Assert.Equal(HttpStatusCode.OK, limit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);

        using var unlimit = await admin.PatchAsJsonAsync($"/api/admin/keys/{id}", new { requestsPerMinute = 0 });
        using var shown = JsonDocument.Parse(await unlimit.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, shown.RootElement.GetProperty("requestsPerMinute").ValueKind);
        Assert.Equal("patched", shown.RootElement.GetProperty("name").GetString());
        using var free = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
        Assert.Equal("2147483647", free.Headers.GetValues("x-ratelimit-limit-requests").Single());
    }

    [Theory]
    [InlineData("""{"requestsPerMinute":-1}""", "requestsPerMinute")]
    [InlineData("""{"tokensPerMinute":-5}""", "tokensPerMinute")]
    [InlineData("""{"name":""}""", "name")]
    public async Task Patch_BadValue_IsValidationProblem(string body, string field)
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        using var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "k" })).Content.ReadAsStringAsync());

        using var response = await admin.PatchAsync(
            $"/api/admin/keys/{created.RootElement.GetProperty("id").GetString()}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ZeroLimit_IsValidationProblem()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "k", requestsPerMinute = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
