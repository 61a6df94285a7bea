using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>Transient upstream failures are retried on the same provider, with back-off that honours the upstream's wishes.</summary>
public sealed class RetryTests(RetryHostFixture shared, FailoverHostFixture failover) : IClassFixture<RetryHostFixture>, IClassFixture<FailoverHostFixture>
{
    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    public async Task Post_TransientStatusTwice_IsRetriedAndClientGetsTheSuccess(int status)
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(status), UpstreamScript.Fail(status), UpstreamScript.Answer("third time lucky"));
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("third time lucky", Calls.MessageContent(answer.Body));
        Assert.Equal(3, host.Upstream.Requests.Count);
    }

    [Theory]
    [InlineData(429, 429)]
    [InlineData(408, 408)]
    [InlineData(500, 502)]
    [InlineData(502, 502)]
    [InlineData(503, 503)]
    [InlineData(504, 504)]
    public async Task Post_TransientStatusOnEveryAttempt_GivesUpAfterMaxRetriesWithUpstreamMessage(int status, int expected)
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Fail(status, "The engine is overloaded.");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(expected, (int)answer.Status);
        Assert.Contains("The engine is overloaded.", answer.Error().Message, StringComparison.Ordinal);
        Assert.Equal(3, host.Upstream.Requests.Count);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 5)]
    public async Task Post_MaxRetriesSetting_LimitsAttemptsPerProvider(int maxRetries, int attempts)
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Gateway:Retry:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        host.Upstream.Default = UpstreamScript.Fail(503);
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal(attempts, host.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Post_RetryAfterOneSecond_WaitsThatLongBeforeRetrying()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(429, "Rate limit reached.", retryAfter: "1"));
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var gap = GapBetweenFirstTwoRequests(host.Upstream);
        Assert.InRange(gap, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Post_RetryAfterMs_WaitsThatLongBeforeRetrying()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(429, "Rate limit reached.", retryAfterMs: "300"));
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var gap = GapBetweenFirstTwoRequests(host.Upstream);
        Assert.InRange(gap, TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Post_RetryAfterMsAndLongRetryAfter_PrefersTheMillisecondsAndRetries()
    {
        // Retry-After: 5 alone would exceed MaxDelay (2 s in tests) and skip the retry.
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(429, "Rate limit reached.", retryAfter: "5", retryAfterMs: "300"));
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(2, host.Upstream.Requests.Count);
        Assert.InRange(GapBetweenFirstTwoRequests(host.Upstream), TimeSpan.FromMilliseconds(280), TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Post_RetryAfterAboveMaxDelay_FailsOverToNextProviderAtOnce()
    {
        var host = failover.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(429, "Rate limit reached.", retryAfter: "30");
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        var alpha = Assert.Single(host.Upstreams["alpha"].Requests);
        var beta = Assert.Single(host.Upstreams["beta"].Requests);
        Assert.True(beta.ReceivedAt - alpha.ReceivedAt < TimeSpan.FromSeconds(1), $"beta was asked {beta.ReceivedAt - alpha.ReceivedAt} after alpha");
    }

    [Fact]
    public async Task Post_RetryAfterAboveMaxDelayWithOneProvider_Returns429WithMessageAndRetryAfter()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Fail(429, "Rate limit reached for gpt-4o-mini. Please try again in 30s.", retryAfter: "30");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        Assert.Equal("Rate limit reached for gpt-4o-mini. Please try again in 30s.", answer.Error().Message);
        Assert.Equal(TimeSpan.FromSeconds(30), answer.Headers.RetryAfter?.Delta);
        Assert.Single(host.Upstream.Requests);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
    }

    private static TimeSpan GapBetweenFirstTwoRequests(FakeUpstreamServer upstream)
    {
        var requests = upstream.Requests;
        Assert.True(requests.Count >= 2, $"{requests.Count} upstream request(s)");
        return requests[1].ReceivedAt - requests[0].ReceivedAt;
    }
}
