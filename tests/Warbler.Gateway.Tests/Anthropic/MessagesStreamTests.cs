using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Responses;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>
/// <c>/v1/messages</c> with <c>"stream": true</c> against a provider that speaks only chat completions:
/// the Anthropic .NET package streams and assembles it as it does Anthropic's own, the events come
/// in Anthropic's order, and the usage is the upstream's or, when it has none, Warbler's estimate.
/// </summary>
public sealed class MessagesStreamTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    private static readonly string[] TextEvents =
    [
        "message_start", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_stop", "message_delta", "message_stop",
    ];

    [Fact]
    public async Task CreateStreaming_Text_DeltasAssembleTheTextAndTheUsageIsTheUpstreams()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Streamed as Anthropic events.") with { Chunks = 4, PromptTokens = 14, CompletionTokens = 6 });
        var client = AnthropicSdkTests.CreateClient(host, await host.CreateKeyAsync());

        var text = new StringBuilder();
        RawMessageStartEvent? start = null;
        RawMessageDeltaEvent? end = null;
        await foreach (var streamed in client.Messages.CreateStreaming(Ask("claude-stream-text", "Stream please.")))
        {
            if (streamed.TryPickStart(out var started))
            {
                start = started;
            }
            else if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                text.Append(piece.Text);
            }
            else if (streamed.TryPickDelta(out var closing))
            {
                end = closing;
            }
        }

        Assert.Equal("Streamed as Anthropic events.", text.ToString());
        Assert.NotNull(start);
        Assert.StartsWith("msg_", start.Message.ID, StringComparison.Ordinal);
        Assert.Equal("claude-stream-text", start.Message.Model);
        Assert.NotNull(end);
        Assert.Equal(StopReason.EndTurn, end.Delta.StopReason?.Value());
        Assert.Equal((14L, 6L), (end.Usage.InputTokens, end.Usage.OutputTokens));
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, "claude-stream-text", 1));
        Assert.Equal((200, true, false, 14, 6), (record.Status, record.Stream, record.Estimated, record.PromptTokens, record.CompletionTokens));
    }

    [Fact]
    public async Task CreateStreamingAggregate_ToolUse_AssemblesAToolUseBlockWithItsInput()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.CallTool("get_weather", """{"city":"Paris","unit":"celsius"}""") with { Chunks = 4 });
        var client = AnthropicSdkTests.CreateClient(host, await host.CreateKeyAsync());
        var ask = Ask("claude-stream-tool", "What is the weather in Paris?") with { Tools = [AnthropicSdkTests.WeatherTool] };

        var message = await client.Messages.CreateStreaming(ask).Aggregate();

        Assert.Equal(StopReason.ToolUse, message.StopReason?.Value());
        var toolUse = message.Content.Select(block => block.TryPickToolUse(out var use) ? use : null).OfType<ToolUseBlock>().Single();
        Assert.Equal(UpstreamScript.ToolCallId, toolUse.ID);
        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal(("Paris", "celsius"), (toolUse.Input!["city"].GetString(), toolUse.Input["unit"].GetString()));
    }

    [Fact]
    public async Task PostStream_Text_EventsComeInAnthropicsOrder()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("one two three") with { Chunks = 3, PromptTokens = 9, CompletionTokens = 3, CachedTokens = 4 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json("""{"model":"claude-stream-order","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Count."}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(TextEvents, stream.Names);
        var message = stream.Last("message_start").GetProperty("message");
        Assert.Equal(("message", "assistant", 0), (message.GetProperty("type").GetString(), message.GetProperty("role").GetString(), message.GetProperty("content").GetArrayLength()));
        Assert.Equal(JsonValueKind.Null, message.GetProperty("stop_reason").ValueKind);
        Assert.True(message.GetProperty("usage").GetProperty("input_tokens").GetInt32() > 0);
        var block = stream.Events[1].Data;
        Assert.Equal((0, "text", ""), (block.GetProperty("index").GetInt32(), block.GetProperty("content_block").GetProperty("type").GetString(), block.GetProperty("content_block").GetProperty("text").GetString()));
        Assert.All(stream.Events.Where(e => e.Name == "content_block_delta"), e => Assert.Equal("text_delta", e.Data.GetProperty("delta").GetProperty("type").GetString()));
        Assert.Equal("one two three", string.Concat(stream.Events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta").GetProperty("text").GetString())));
        var closing = stream.Last("message_delta");
        Assert.Equal("end_turn", closing.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, closing.GetProperty("delta").GetProperty("stop_sequence").ValueKind);
        var usage = closing.GetProperty("usage");
        Assert.Equal((5, 4, 0, 3), (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("cache_read_input_tokens").GetInt32(), usage.GetProperty("cache_creation_input_tokens").GetInt32(), usage.GetProperty("output_tokens").GetInt32()));
    }

    [Fact]
    public async Task PostStream_ToolUse_OpensAToolUseBlockAndStreamsItsInputAsPartialJson()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.CallTool("get_weather", """{"city":"Paris"}""") with { Chunks = 3 });
        using var client = host.CreateClient(await host.CreateKeyAsync());
        const string body = """
            {"model":"claude-stream-tool-order","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Weather in Paris?"}],
             "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """;

        using var response = await client.PostAsync("/v1/messages", Json(body));

        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        var names = stream.Names.ToList();
        Assert.Equal(["message_start", "content_block_start"], names[..2]);
        Assert.Equal(["content_block_stop", "message_delta", "message_stop"], names[^3..]);
        Assert.All(names[2..^3], name => Assert.Equal("content_block_delta", name));
        var block = stream.Last("content_block_start").GetProperty("content_block");
        Assert.Equal(("tool_use", UpstreamScript.ToolCallId, "get_weather", 0),
            (block.GetProperty("type").GetString(), block.GetProperty("id").GetString(), block.GetProperty("name").GetString(), block.GetProperty("input").EnumerateObject().Count()));
        var deltas = stream.Events.Where(e => e.Name == "content_block_delta").Select(e => e.Data.GetProperty("delta")).ToList();
        Assert.All(deltas, delta => Assert.Equal("input_json_delta", delta.GetProperty("type").GetString()));
        Assert.Equal("""{"city":"Paris"}""", string.Concat(deltas.Select(d => d.GetProperty("partial_json").GetString())));
        Assert.Equal("tool_use", stream.Last("message_delta").GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task PostStream_UpstreamBreaksOff_EndsWithAnErrorEventAndIsBilledAsEstimated()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("one two three four five six") with { Chunks = 6, DropAfterChunks = 2 });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json("""{"model":"claude-stream-broken","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Count."}]}"""));

        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", stream.Names.Last());
        Assert.DoesNotContain("message_stop", stream.Names);
        var error = stream.Last("error").GetProperty("error");
        Assert.Equal("api_error", error.GetProperty("type").GetString());
        Assert.Contains("broke off the stream", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, "claude-stream-broken", 1));
        Assert.True(record.Estimated);
        Assert.True(record.CompletionTokens > 0);
    }

    [Fact]
    public async Task PostStream_ClientAbandonsHalfWay_IsBilledAsEstimatedForWhatItReceived()
    {
        var host = fixture.Fresh();
        var text = string.Concat(Enumerable.Range(1, 20).Select(i => $"word{i} "));
        host.Upstream.Enqueue(UpstreamScript.Answer(text) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(300), CompletionTokens = 999 });
        using var client = host.CreateClient(await host.CreateKeyAsync());
        const string model = "claude-stream-abandoned";
        await AbandonedMessagesStream.ReadThenLeaveAsync(client, model);

        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, model, 1));
        var estimator = host.Services.GetRequiredService<UsageEstimator>();
        Assert.Equal((499, true, true), (record.Status, record.Estimated, record.Stream));
        Assert.InRange(record.CompletionTokens, 1, estimator.TextTokens(model, text) / 2);
        Assert.True(record.PromptTokens > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_UpstreamReportsNoUsage_TheMessageShowsWarblersEstimateAsRecorded(bool stream)
    {
        var host = fixture.Fresh();
        var model = $"claude-nousage-{stream}".ToLowerInvariant();
        host.Upstream.Enqueue(stream
            ? UpstreamScript.Answer("An answer without usage.") with { SendsUsage = false }
            : UpstreamScript.Answer() with
            {
                RawBody = $$"""{"id":"c","object":"chat.completion","created":1,"model":"{{model}}","choices":[{"index":0,"message":{"role":"assistant","content":"An answer without usage."},"finish_reason":"stop"}]}""",
            });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsync("/v1/messages", Json($$"""{"model":"{{model}}","max_tokens":64,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Hi"}]}"""));

        var body = await response.Content.ReadAsStringAsync();
        var usage = stream
            ? ResponsesEventStream.Parse(body).Last("message_delta").GetProperty("usage")
            : JsonDocument.Parse(body).RootElement.GetProperty("usage");
        var record = Assert.Single(await ResponsesClientTests.WaitForRecordsAsync(host, model, 1));
        Assert.True(record.Estimated);
        Assert.True(record.CompletionTokens > 0);
        Assert.Equal((record.PromptTokens, record.CompletionTokens), (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("output_tokens").GetInt32()));
    }

    private static MessageCreateParams Ask(string model, string question) => new()
    {
        Model = model,
        MaxTokens = 256,
        Messages = [new UserMessageParam(question)],
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
