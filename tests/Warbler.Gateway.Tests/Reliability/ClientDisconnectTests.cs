using System.Diagnostics;
using System.Net;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>A client that goes away cancels the upstream call, so nobody pays for an answer no one reads.</summary>
public sealed class ClientDisconnectTests
{
    [Fact]
    public async Task Stream_ClientDisconnectsMidStream_CancelsUpstreamRequestAtOnce()
    {
        await using var host = await GatewayHost.StartAsync();
        var text = string.Join(' ', Enumerable.Range(1, 20).Select(i => $"word{i}"));
        host.Upstream.Default = UpstreamScript.Answer(text) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(500) };
        using var client = await Calls.CreateClientAsync(host);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(ChatCompletionsRelayTests.ChatRequest(stream: true)),
        };

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: {", await reader.ReadLineAsync(), StringComparison.Ordinal);
        var stopwatch = Stopwatch.StartNew();
        reader.Dispose();
        response.Dispose();

        // Unread, the upstream would take another ten seconds and finish normally.
        await host.Upstream.WaitForAbortAsync(TimeSpan.FromSeconds(5));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"the upstream request was cancelled {stopwatch.Elapsed} after the client left");
        Assert.Equal(1, host.Upstream.AbortedRequests);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task Post_ClientGivesUpBeforeUpstreamAnswers_CancelsUpstreamRequestWithoutRetry()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"]);
        var alpha = host.Upstreams["alpha"];
        alpha.Default = UpstreamScript.Answer() with { DelayBeforeHeaders = TimeSpan.FromSeconds(10) };
        using var client = await Calls.CreateClientAsync(host);
        using var giveUp = new CancellationTokenSource();

        var call = client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(), giveUp.Token);
        await Eventually.UntilAsync(() => alpha.Requests.Count == 1, because: "the request to reach alpha");
        var stopwatch = Stopwatch.StartNew();
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await alpha.WaitForAbortAsync(TimeSpan.FromSeconds(5));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"the upstream request was cancelled {stopwatch.Elapsed} after the client left");
        Assert.Single(alpha.Requests);
        Assert.Empty(host.Upstreams["beta"].Requests);
    }
}
