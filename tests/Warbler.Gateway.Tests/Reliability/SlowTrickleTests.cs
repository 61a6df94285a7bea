using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.FakeUpstream;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Tests.Bots;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// An upstream that keeps sending, each piece well inside its idle timeout, but would take minutes to
/// finish: the provider's total time limit (<c>Timeouts:Total</c>) ends the answer, so the client
/// gets a clean end close to that limit instead of hanging, and the request is still recorded.
/// Before the answer's headers the limit is a timeout like any other, retried and failed over;
/// after them the answer is the client's, and ends with an error.
/// </summary>
public sealed class SlowTrickleTests
{
    private static readonly TimeSpan Total = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// The longest a client may wait: the limit, and ample room for a machine busy with other work.
    /// Still far from the minutes the upstreams below would take, which is what a hang would cost.
    /// </summary>
    private static readonly TimeSpan Bound = Total + TimeSpan.FromSeconds(15);

    /// <summary>
    /// Long enough that no gap between pieces reaches it, even when a busy machine delays one by
    /// seconds: the total limit, not the idle one, is what ends these answers.
    /// </summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    /// <summary>A piece every 150 ms, for about two and a half minutes.</summary>
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(150);

    private static readonly string LongText = string.Concat(Enumerable.Range(1, 1000).Select(i => $"w{i} "));

    private static UpstreamScript EndlessStream => UpstreamScript.Answer(LongText) with { Chunks = 1000, ChunkDelay = Gap };

    /// <summary>The whole answer, four bytes at a time: some 6,000 bytes, so nearly four minutes.</summary>
    private static UpstreamScript EndlessBody => UpstreamScript.Trickle(4, Gap, LongText);

    [Fact]
    public async Task Stream_ChunksKeepComingInsideIdleTimeout_EndsWithErrorEventAtTotalLimit_WithoutFailover()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], ShortTimeouts("alpha"));
        host.Upstreams["alpha"].Default = EndlessStream;
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/event-stream", answer.MediaType);
        Assert.InRange(answer.Elapsed, Total - TimeSpan.FromMilliseconds(100), Bound);
        var events = SseEvents.Parse(answer.Body);
        Assert.True(events.Count >= 3, $"expected chunks, then an error event; got {events.Count} events");
        Assert.StartsWith(string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent)), LongText, StringComparison.Ordinal);
        var error = Calls.Error(events[^1]);
        Assert.Equal(("api_error", "upstream_error"), (error.Type, error.Code));
        Assert.Contains("alpha", error.Message, StringComparison.Ordinal);
        Assert.Contains("total time limit", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", answer.Body, StringComparison.Ordinal);

        // The client had the first chunks: nothing is retried or failed over, and the upstream call is cut off.
        Assert.Single(host.Upstreams["alpha"].Requests);
        Assert.Empty(host.Upstreams["beta"].Requests);
        await host.Upstreams["alpha"].WaitForAbortAsync(Calls.HangLimit);

        var record = Assert.Single(await UsageRecords.WaitForAsync(host, 1));
        Assert.Equal(("alpha", 200, true, true), (record.Provider, record.Status, record.Stream, record.Estimated));
        Assert.True(record.CompletionTokens > 0, "the text the client received is counted");
    }

    [Fact]
    public async Task Post_BodyTricklesInsideIdleTimeout_Returns504NamingProviderAtTotalLimit()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], ShortTimeouts("alpha"));
        host.Upstreams["alpha"].Default = EndlessBody;
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.GatewayTimeout, answer.Status);
        Assert.InRange(answer.Elapsed, Total - TimeSpan.FromMilliseconds(100), Bound);
        var error = answer.Error();
        Assert.Equal(("api_error", "upstream_timeout"), (error.Type, error.Code));
        Assert.Contains("alpha", error.Message, StringComparison.Ordinal);
        Assert.Contains("total time limit", error.Message, StringComparison.Ordinal);

        // The answer had begun (its headers had come), so it is not sent again elsewhere.
        Assert.Single(host.Upstreams["alpha"].Requests);
        Assert.Empty(host.Upstreams["beta"].Requests);
        await host.Upstreams["alpha"].WaitForAbortAsync(Calls.HangLimit);

        var record = Assert.Single(await UsageRecords.WaitForAsync(host, 1));
        Assert.Equal(("alpha", 504, false), (record.Provider, record.Status, record.Stream));
    }

    [Fact]
    public async Task Post_NoHeadersWithinTotalLimit_IsRetriedThenFailedOver()
    {
        // The first-byte timeout alone would wait a minute; the total limit is shorter and bounds the wait for headers too.
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"], s =>
        {
            s["Providers:alpha:Timeouts:FirstByte"] = "00:01:00";
            s["Providers:alpha:Timeouts:Total"] = "00:00:00.300";
        });
        host.Upstreams["alpha"].Default = UpstreamScript.Answer("too late") with { DelayBeforeHeaders = TimeSpan.FromSeconds(30) };
        host.Upstreams["beta"].Default = UpstreamScript.Answer("beta answers");
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("beta answers", Calls.MessageContent(answer.Body));
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);

        // Three tries of 0.3 s, where waiting for alpha's headers would take 30 s each.
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(15), $"took {answer.Elapsed}");
    }

    [Fact]
    public async Task Stream_AnswerFinishingWithinTotalLimit_IsRelayedWhole()
    {
        // The gateway's limits run on a clock the test moves: once the answer has begun, 1.4 s of its
        // 1.5 s pass at once, and the rest of the answer must still come through whole. On the real
        // clock the answer takes about a second, which a busy machine can stretch past any limit.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await GatewayHost.StartAsync(
            configure: ShortTimeouts("primary"), services: s => s.AddSingleton<TimeProvider>(clock));
        const string text = "Slow and steady finishes the answer.";
        host.Upstream.Default = UpstreamScript.Answer(text) with { Chunks = 10, ChunkDelay = TimeSpan.FromMilliseconds(100) };
        using var client = await Calls.CreateClientAsync(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(ChatCompletions.ChatCompletionsRelayTests.ChatRequest(stream: true)),
        };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var body = new System.Text.StringBuilder();
        var moved = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            body.Append(line).Append('\n');
            if (!moved && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                clock.Advance(Total - TimeSpan.FromMilliseconds(100));
                moved = true;
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = SseEvents.Parse(body.ToString());
        Assert.True(events.Count > 2, $"expected the answer in pieces, the clock moved after the first; got {events.Count} events");
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal(text, string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent)));
    }

    [Fact]
    public async Task BotReply_ChunksKeepComingInsideIdleTimeout_EndsWithUpstreamErrorAtTotalLimit()
    {
        await using var host = await GatewayHost.StartAsync(configure: ShortTimeouts("primary"));
        host.Upstream.Default = EndlessStream;
        var received = "";
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(async () =>
        {
            using var hang = new CancellationTokenSource(BotCalls.HangLimit);
            await foreach (var update in BotCalls.Stream(host, BotCalls.Request(), hang.Token))
            {
                received += update.Text;
            }
        });

        Assert.InRange(stopwatch.Elapsed, Total - TimeSpan.FromMilliseconds(100), Bound);
        Assert.Equal((GatewayErrorKind.UpstreamError, 502, "primary"), (error.Kind, error.Status, error.Provider));
        Assert.Contains("total time limit", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(received);
        Assert.StartsWith(received, LongText, StringComparison.Ordinal);
        var record = Assert.Single(await UsageRecords.WaitForAsync(host, 1));
        Assert.Equal((502, true), (record.Status, record.Estimated));
    }

    private static Action<Dictionary<string, string?>> ShortTimeouts(string provider) => s =>
    {
        s[$"Providers:{provider}:Timeouts:Idle"] = Idle.ToString("c", CultureInfo.InvariantCulture);
        s[$"Providers:{provider}:Timeouts:Total"] = Total.ToString("c", CultureInfo.InvariantCulture);
    };
}
