using System.Net;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>An upstream whose event stream is not what OpenAI sends: the client gets a stream that ends, never a hang or a 5xx, and the request is still counted.</summary>
public sealed class MalformedStreamTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    private const string Chunk = """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"fake-model","choices":[{"index":0,"delta":{"content":"CONTENT"},"finish_reason":null}]}""";

    [Fact]
    public async Task Stream_WithLinesThatAreNotJson_IsRelayedToItsEnd_AndCountedByTheTokenizer()
    {
        var host = shared.Fresh();
        host.Upstream.Default = new UpstreamScript
        {
            RawStream = "data: {not json\n\n" + ": a comment\n\n" + "event: odd\n" + $"data: {Chunk.Replace("CONTENT", "Still ", StringComparison.Ordinal)}\n\n"
                + $"data: {Chunk.Replace("CONTENT", "here.", StringComparison.Ordinal)}\n\n" + "data: [DONE]\n\n",
        };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("Still ", answer.Body, StringComparison.Ordinal);
        Assert.Contains("here.", answer.Body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", answer.Body.TrimEnd(), StringComparison.Ordinal);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, answer.Headers.GetValues("x-request-id").Single()));
        Assert.True(record.Estimated);
        Assert.True(record.CompletionTokens > 0);
    }

    [Fact]
    public async Task Stream_ThatStopsWithoutDone_EndsForTheClient_AndIsCounted()
    {
        var host = shared.Fresh();
        host.Upstream.Default = new UpstreamScript { RawStream = $"data: {Chunk.Replace("CONTENT", "Half an answer", StringComparison.Ordinal)}\n\n" };
        using var client = await Calls.CreateClientAsync(host);

        var answer = await Calls.ChatAsync(client, stream: true);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("Half an answer", answer.Body, StringComparison.Ordinal);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(5), $"took {answer.Elapsed}");
        Assert.Single(await UsageRecords.WaitForRequestAsync(host, answer.Headers.GetValues("x-request-id").Single()));
    }
}
