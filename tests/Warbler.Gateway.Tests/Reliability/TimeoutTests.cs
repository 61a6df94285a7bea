using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>An upstream that is slow to answer, or goes silent mid-answer, is given up on after its configured timeout.</summary>
public sealed class TimeoutTests
{
    /// <summary>
    /// The longest a client may wait: the timeouts below and ample room for a machine busy with other
    /// work, still far from the minute the stalled upstreams would take, which is what a missed timeout costs.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static UpstreamScript Stalling => UpstreamScript.Answer("too late") with { DelayBeforeHeaders = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task Post_NoHeadersWithinFirstByteTimeoutFromOnlyProvider_Returns504Quickly()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Providers:primary:Timeouts:FirstByte"] = "00:00:00.300");
        host.Upstream.Default = Stalling;
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.GatewayTimeout, answer.Status);
        var error = answer.Error();
        Assert.Equal("upstream_timeout", error.Code);
        Assert.Contains("primary", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, host.Upstream.Requests.Count);
        Assert.True(answer.Elapsed < Bound, $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Post_NoHeadersWithinFirstByteTimeout_IsRetried()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Providers:primary:Timeouts:FirstByte"] = "00:00:00.300");
        host.Upstream.Enqueue(Stalling);
        host.Upstream.Default = UpstreamScript.Answer("second try");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("second try", Calls.MessageContent(answer.Body));
        Assert.Equal(2, host.Upstream.Requests.Count);
        Assert.True(answer.Elapsed < Bound, $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Post_FirstProviderMissesFirstByteTimeout_SecondProviderAnswers()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s => s["Providers:alpha:Timeouts:FirstByte"] = "00:00:00.300");
        host.Upstreams["alpha"].Default = Stalling;
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.True(answer.Elapsed < Bound, $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Stream_UpstreamSilentLongerThanIdleTimeout_SendsFirstChunkThenErrorEventAndEnds()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s => s["Providers:alpha:Timeouts:Idle"] = "00:00:00.500");
        const string text = "One two three four five.";
        host.Upstreams["alpha"].Default = UpstreamScript.Answer(text) with { Chunks = 5, ChunkDelay = TimeSpan.FromSeconds(60) };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Elapsed < Bound, $"took {answer.Elapsed}");
        var events = SseEvents.Parse(answer.Body);
        Assert.Equal(2, events.Count);
        Assert.StartsWith(SseEvents.DeltaContent(events[0]), text, StringComparison.Ordinal);
        var error = Calls.Error(events[1]);
        Assert.Equal("api_error", error.Type);
        Assert.Contains("alpha", error.Message, StringComparison.Ordinal);
        Assert.Single(host.Upstreams["alpha"].Requests);
        Assert.Empty(host.Upstreams["beta"].Requests);
    }
}
