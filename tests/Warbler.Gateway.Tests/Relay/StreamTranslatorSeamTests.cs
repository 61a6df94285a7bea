using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Relay;

/// <summary>
/// <see cref="SseRelay"/> with an <see cref="IStreamTranslator"/>: the client gets only what the
/// translator writes (its opening events, its events per chunk, its closing events with the usage),
/// while the relay keeps reading the usage chunk and estimating for itself.
/// </summary>
public sealed class StreamTranslatorSeamTests
{
    private const string Request = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}],"stream":true,"stream_options":{"include_usage":true}}""";

    private static readonly UsageEstimator Estimator = new(new TokenCounter());

    [Fact]
    public async Task RelayAsync_WithTranslator_ClientGetsOnlyTheTranslatorsEventsWithTheUpstreamsUsageAtTheEnd()
    {
        var (client, call) = await RelayAsync(
            ": keep-alive\n\n" + Chunk("Hi") + Chunk(" there") +
            """data: {"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}""" + "\n\ndata: [DONE]\n\n");

        Assert.Equal("event: start\n\nevent: chunk Hi\n\nevent: chunk  there\n\nevent: end 9+2\n\n", client);
        Assert.Equal((9, 2, false), (call.Usage!.PromptTokens, call.Usage.CompletionTokens, call.Estimated));
    }

    [Fact]
    public async Task RelayAsync_WithTranslatorAndNoUsageFromUpstream_ClosingEventsCarryTheEstimate()
    {
        var (client, call) = await RelayAsync(Chunk("Tokenizers split text") + Chunk(" into pieces.") + "data: [DONE]\n\n");

        var expected = Estimator.TextTokens("gpt-4o-mini", "Tokenizers split text into pieces.");
        Assert.EndsWith($"event: end {call.Usage!.PromptTokens}+{expected}\n\n", client, StringComparison.Ordinal);
        Assert.True(call.Estimated);
    }

    [Fact]
    public async Task RelayAsync_WithTranslatorAndUpstreamBreakingOff_ClientGetsTheTranslatorsErrorEvent()
    {
        using var provider = RelayParts.Provider("primary", new ScriptedHandler(() => RelayParts.Sse("")));
        var broken = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(Chunk("Hi")))) };
        broken.Content.Headers.ContentType = new("text/event-stream");
        var (client, call) = await RelayAsync(provider, broken);

        Assert.StartsWith("event: start\n\nevent: chunk Hi\n\n", client, StringComparison.Ordinal);
        Assert.EndsWith("event: error Provider 'primary' broke off the stream: the connection was reset.\n\n", client, StringComparison.Ordinal);
        Assert.DoesNotContain("event: end", client, StringComparison.Ordinal);
        Assert.NotNull(call.StreamError);
        Assert.True(call.Estimated);
    }

    private static string Chunk(string text) =>
        "data: " + JsonSerializer.Serialize(new { model = "gpt-4o-mini", choices = new[] { new { index = 0, delta = new { content = text } } } }) + "\n\n";

    private static async Task<(string Client, GatewayCall Call)> RelayAsync(string upstream)
    {
        using var provider = RelayParts.Provider("primary", new ScriptedHandler(() => RelayParts.Sse(upstream)));
        return await RelayAsync(provider, RelayParts.Sse(upstream));
    }

    private static async Task<(string Client, GatewayCall Call)> RelayAsync(Warbler.Gateway.Providers.Provider provider, HttpResponseMessage upstream)
    {
        using var answer = new UpstreamAnswer(provider, upstream, TimeProvider.System.GetTimestamp());
        var call = new GatewayCall { Model = "gpt-4o-mini", Stream = true };
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        var request = new RelayRequest(Encoding.UTF8.GetBytes(Request), null, null, ClientWantsUsage: false) { Translator = new RecordingTranslator() };

        await new SseRelay(answer, request, call, Estimator, TimeProvider.System, NullLogger.Instance).RelayAsync(context, CancellationToken.None);

        return (Encoding.UTF8.GetString(body.ToArray()).TrimStart('\n'), call);
    }

    /// <summary>Writes one readable event per call: what it was given.</summary>
    private sealed class RecordingTranslator : IStreamTranslator
    {
        public void WriteStart(IBufferWriter<byte> output) => Write(output, "start");

        public void WriteChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
        {
            using var document = JsonDocument.Parse(json.ToArray());
            Write(output, "chunk " + document.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        }

        public void WriteEnd(TokenUsage? usage, IBufferWriter<byte> output) => Write(output, $"end {usage?.PromptTokens}+{usage?.CompletionTokens}");

        public void WriteError(string message, IBufferWriter<byte> output) => Write(output, "error " + message);

        private static void Write(IBufferWriter<byte> output, string line) => output.Write(Encoding.UTF8.GetBytes($"event: {line}\n\n"));
    }

    /// <summary>A body that gives its bytes, then fails as a reset connection does.</summary>
    private sealed class BreakingStream(byte[] first) : Stream
    {
        private bool _given;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_given)
            {
                throw new IOException("the connection was reset");
            }

            _given = true;
            first.CopyTo(buffer);
            return ValueTask.FromResult(first.Length);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
