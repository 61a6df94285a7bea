using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// Before a stream's first byte a failure can still be retried; after it the client already has
/// part of the answer, so it gets an error event in OpenAI's shape and the stream ends.
/// </summary>
public sealed class StreamFailureTests(RetryHostFixture shared, FailoverHostFixture failover) : IClassFixture<RetryHostFixture>, IClassFixture<FailoverHostFixture>
{
    private const string Text = "One two three four five.";

    [Fact]
    public async Task Stream_UpstreamDropsAfterTwoChunks_SendsThemThenErrorEventWithoutRetry()
    {
        var host = failover.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Answer(Text) with { Chunks = 5, DropAfterChunks = 2 };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/event-stream", answer.MediaType);
        var events = SseEvents.Parse(answer.Body);
        Assert.True(events.Count == 3, $"expected two chunks and an error event, got {events.Count} events; upstream requests: alpha {host.Upstreams["alpha"].Requests.Count}, beta {host.Upstreams["beta"].Requests.Count}");
        var received = SseEvents.DeltaContent(events[0]) + SseEvents.DeltaContent(events[1]);
        Assert.NotEmpty(SseEvents.DeltaContent(events[1]));
        Assert.StartsWith(received, Text, StringComparison.Ordinal);
        var error = Calls.Error(events[2]);
        Assert.Equal("api_error", error.Type);
        Assert.Equal("upstream_error", error.Code);
        Assert.Contains("alpha", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", answer.Body, StringComparison.Ordinal);
        Assert.Single(host.Upstreams["alpha"].Requests);
        Assert.Empty(host.Upstreams["beta"].Requests);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Stream_503BeforeFirstByte_IsRetriedAndClientSeesCleanStream()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(503));
        host.Upstream.Default = UpstreamScript.Answer(Text) with { Chunks = 5 };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        AssertCleanStream(answer);
        Assert.Equal(2, host.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Stream_FirstProvider503BeforeFirstByte_FailsOverAndClientSeesCleanStream()
    {
        var host = failover.Fresh();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer(Text) with { Chunks = 5 };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        AssertCleanStream(answer);
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.Single(host.Upstreams["beta"].Requests);
    }

    private static void AssertCleanStream(Calls.Answer answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/event-stream", answer.MediaType);
        var events = SseEvents.Parse(answer.Body);
        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain("\"error\"", answer.Body, StringComparison.Ordinal);
        Assert.Equal(Text, string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent)));
    }
}
