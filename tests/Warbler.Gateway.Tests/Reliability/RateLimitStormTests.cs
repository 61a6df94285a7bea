using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// An upstream answering every request with 429 while many clients call at once: each client gets
/// a clean answer in bounded time, an error in OpenAI's shape with a <c>Retry-After</c>, or a
/// healthy second provider's answer; the gateway sends the upstream no more than its retries
/// allow and leaves it alone while it cools down; once the storm is over, requests succeed again
/// by themselves.
/// </summary>
public sealed class RateLimitStormTests
{
    private const int Clients = 40;

    /// <summary>The default.</summary>
    private const int MaxRetries = 2;

    private const string RateLimited = "Rate limit reached for requests. Please try again later.";

    /// <summary>GatewayHost's <c>Gateway:Retry:MaxDelay</c>.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The longest a client may wait: every retry's longest back-off, and room for a busy 2-core
    /// runner (40 clients at once beside other test hosts took 7.1 s there). What it catches is a
    /// wait without bound, such as retries past the limit or a call that never times out.
    /// </summary>
    private static readonly TimeSpan Bound = (MaxRetries * MaxDelay) + TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("1")]
    [InlineData(null)]
    public async Task Storm_OnlyProviderAnswers429_EveryClientGets429Or503WithRetryAfter_ThenRequestsSucceedAgain(string? retryAfter)
    {
        await using var host = await GatewayHost.StartAsync(configure: Settings);
        var upstream = host.Upstream;
        upstream.Default = UpstreamScript.Fail(429, RateLimited, retryAfter);
        using var client = await Calls.CreateClientAsync(host);

        var answers = await StormAsync(client, Clients);

        foreach (var answer in answers)
        {
            Assert.True(answer.Elapsed < Bound, $"a client waited {answer.Elapsed}");
            var error = answer.Error();
            if (answer.Status == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal(RateLimited, error.Message);
            }
            else
            {
                // Documented: once the provider is cooling down, 503 until it is over.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
                Assert.Equal("upstream_unavailable", error.Code);
                Assert.Contains("cooling down", error.Message, StringComparison.Ordinal);
            }

            AssertRetryAfterWithinCoolDown(answer);
        }

        Assert.Contains(answers, a => a.Status == HttpStatusCode.TooManyRequests);
        Assert.InRange(upstream.Requests.Count, 1, Clients * (MaxRetries + 1));

        // The provider is cooling down: more requests are answered at once, without calling it.
        var calledInStorm = upstream.Requests.Count;
        var meanwhile = await StormAsync(client, 10);
        Assert.All(meanwhile, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.Equal("upstream_unavailable", answer.Error().Code);
            AssertRetryAfterWithinCoolDown(answer);
        });
        Assert.Equal(calledInStorm, upstream.Requests.Count);

        // The storm is over: once the cool-down has passed, requests succeed by themselves.
        upstream.Default = UpstreamScript.Answer("The storm is over.");
        await Calls.PollUntilAsync(client, body => Calls.MessageContent(body) == "The storm is over.");
        Assert.All(await StormAsync(client, 10), answer => Assert.Equal("The storm is over.", TextOf(answer)));
    }

    [Theory]
    [InlineData("1")]
    [InlineData(null)]
    public async Task Storm_FirstProviderAnswers429_EveryClientGetsTheSecondProvidersAnswer_ThenTheFirstIsUsedAgain(string? retryAfter)
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], Settings);
        var alpha = host.Upstreams["alpha"];
        alpha.Default = UpstreamScript.Fail(429, RateLimited, retryAfter);
        host.Upstreams["beta"].Default = UpstreamScript.Answer("Beta answers.");
        using var client = await Calls.CreateClientAsync(host);

        var answers = await StormAsync(client, Clients);

        Assert.All(answers, answer =>
        {
            Assert.True(answer.Elapsed < Bound, $"a client waited {answer.Elapsed}");
            Assert.Equal("Beta answers.", TextOf(answer));
        });
        Assert.InRange(alpha.Requests.Count, 1, Clients * (MaxRetries + 1));
        Assert.Equal(Clients, host.Upstreams["beta"].Requests.Count);

        // Alpha is cooling down: requests go straight to beta.
        var calledInStorm = alpha.Requests.Count;
        Assert.All(await StormAsync(client, 10), answer => Assert.Equal("Beta answers.", TextOf(answer)));
        Assert.Equal(calledInStorm, alpha.Requests.Count);

        // The storm is over: once the cool-down has passed, alpha (first by priority) answers again.
        alpha.Default = UpstreamScript.Answer("Alpha is back.");
        await Calls.PollUntilAsync(client, body => Calls.MessageContent(body) == "Alpha is back.");
    }

    [Fact]
    public async Task Post_ProviderStartsCoolingDownWhileACallWaitsOnIt_ThatCallIsNotRetriedOnIt()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Gateway:CoolDown:FailureThreshold"] = "1";
            s["Gateway:CoolDown:Duration"] = "00:00:30";
        });
        var upstream = host.Upstream;

        // The first call's first attempt is answered after 3 s; by then a second call has failed
        // three times at once and started the cool-down.
        upstream.Enqueue(UpstreamScript.Fail(429, RateLimited) with { DelayBeforeHeaders = TimeSpan.FromSeconds(3) });
        upstream.Default = UpstreamScript.Fail(429, RateLimited);
        using var client = await Calls.CreateClientAsync(host);

        var slowCall = Calls.ChatAsync(client);
        await Eventually.UntilAsync(() => upstream.Requests.Count == 1, because: "the request to reach the upstream");
        var fast = await Calls.ChatAsync(client);
        Assert.Equal(HttpStatusCode.TooManyRequests, fast.Status);
        Assert.Equal(1 + MaxRetries + 1, upstream.Requests.Count);
        var slow = await slowCall;

        Assert.Equal(HttpStatusCode.TooManyRequests, slow.Status);
        Assert.Equal(RateLimited, slow.Error().Message);
        Assert.Equal(1 + MaxRetries + 1, upstream.Requests.Count);

        // Neither client is told to come back before the provider will be called again.
        Assert.InRange(fast.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
        Assert.InRange(slow.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30));
    }

    private static void Settings(Dictionary<string, string?> settings) =>
        settings["Gateway:CoolDown:Duration"] = "00:00:03";

    /// <summary>Sends <paramref name="count"/> requests at once, every fourth streamed.</summary>
    private static Task<Calls.Answer[]> StormAsync(HttpClient client, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Calls.ChatAsync(client, stream: i % 4 == 0)));

    /// <summary>A <c>Retry-After</c> of at least a second and no longer than the cool-down: when the client may find the provider answering again.</summary>
    private static void AssertRetryAfterWithinCoolDown(Calls.Answer answer)
    {
        var wait = answer.Headers.RetryAfter?.Delta;
        Assert.True(wait is not null, $"no Retry-After with {(int)answer.Status} {answer.Body}");
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), CoolDown);
    }

    /// <summary>The answer's text, from a whole answer or a stream that ended with <c>[DONE]</c>; fails on anything else.</summary>
    private static string TextOf(Calls.Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status} {answer.Body}");
        if (answer.MediaType != "text/event-stream")
        {
            return Calls.MessageContent(answer.Body);
        }

        var events = SseEvents.Parse(answer.Body);
        Assert.Equal("[DONE]", events[^1]);
        return string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent));
    }
}
