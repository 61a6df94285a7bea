using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// An upstream that takes the request and then resets the connection (a TCP RST) before any
/// response header: a connection error like any other, retried and then failed over; with no
/// provider left, the client gets a 502 in OpenAI's shape naming the provider, never a 500 or a hang.
/// </summary>
public sealed class ConnectionResetTests(RetryHostFixture shared, FailoverHostFixture failover) : IClassFixture<RetryHostFixture>, IClassFixture<FailoverHostFixture>
{
    [Fact]
    public async Task Post_ResetOnce_IsRetriedAndClientGetsTheAnswer()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Reset());
        host.Upstream.Default = UpstreamScript.Answer("after the reset");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("after the reset", Calls.MessageContent(answer.Body));
        Assert.Equal(2, host.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Post_OnlyProviderResetsEveryTime_Returns502NamingItAfterItsRetries()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Reset();
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        var error = answer.Error();
        Assert.Equal(("api_error", "upstream_error"), (error.Type, error.Code));
        Assert.Contains("primary", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, host.Upstream.Requests.Count);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Post_FirstProviderResetsEveryTime_SecondProviderAnswers()
    {
        var host = failover.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Reset();
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.Single(host.Upstreams["beta"].Requests);
    }

    [Fact]
    public async Task Stream_FirstProviderResetsBeforeHeaders_FailsOverAndClientSeesCleanStream()
    {
        var host = failover.Fresh();
        const string text = "One two three four five.";
        host.Upstreams["alpha"].Default = UpstreamScript.Reset();
        host.Upstreams["beta"].Default = UpstreamScript.Answer(text) with { Chunks = 5 };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/event-stream", answer.MediaType);
        var events = SseEvents.Parse(answer.Body);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(text, string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent)));
        Assert.DoesNotContain("\"error\"", answer.Body, StringComparison.Ordinal);
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
    }

    [Fact]
    public async Task Stream_OnlyProviderResetsEveryTime_Returns502JsonInsteadOfAStream()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Reset();
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.BadGateway, answer.Status);
        Assert.Contains("primary", answer.Error().Message, StringComparison.Ordinal);
        Assert.Equal(3, host.Upstream.Requests.Count);
    }
}
