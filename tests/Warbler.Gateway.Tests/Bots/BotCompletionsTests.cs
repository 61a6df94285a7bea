using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Errors;
using Warbler.Gateway.InProcess;
using Warbler.Testing;
using Warbler.Gateway.Tests.Reliability;
using Warbler.Gateway.Tests.Usage;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Bots;

/// <summary>Bots' replies asked for in-process: streamed as the upstream sends them, and metered as <c>/v1</c> traffic is.</summary>
public sealed class BotCompletionsTests(GatewayHostFixture shared, FailoverHostFixture failover) : IClassFixture<GatewayHostFixture>, IClassFixture<FailoverHostFixture>
{
    [Fact]
    public async Task GetStreamingResponseAsync_UpstreamStreams_DeltasArriveInOrderThenOneFinalUpdate()
    {
        var host = shared.Fresh();
        const string answer = "Once upon a time, a small bird sang in the gateway.";
        host.Upstream.Default = UpstreamScript.Answer(answer) with { Chunks = 6 };

        var updates = await BotCalls.CollectAsync(host, BotCalls.Request());

        var deltas = updates.SkipLast(1).ToList();
        Assert.Equal(6, deltas.Count);
        Assert.All(deltas, d => Assert.Null(d.Finish()));
        Assert.All(deltas, d => Assert.NotEmpty(d.Text));
        Assert.Equal(answer, BotCalls.TextOf(updates));
        var finish = Assert.IsType<BotFinish>(updates[^1].Finish());
        Assert.Equal("", updates[^1].Text);
        Assert.Equal(("stop", "gpt-4o-mini", "primary"), (finish.FinishReason, finish.Model, finish.Provider));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Request_UpstreamReceivesTheMessagesWithNamesParametersAndStreamOptions()
    {
        var host = shared.Fresh();
        var request = BotCalls.Request() with
        {
            Messages =
            [
                new ChatMessage(ChatRole.System, "You are a helpful bird."),
                new ChatMessage(ChatRole.User, "Hi, I am Alice.") { AuthorName = "alice" },
                new ChatMessage(ChatRole.Assistant, "Hello Alice!"),
                new ChatMessage(ChatRole.User, "And I am Bob.") { AuthorName = "Bob Smith" },
            ],
            Temperature = 0.5f,
            TopP = 0.9f,
            MaxTokens = 100,
            FrequencyPenalty = 0.25f,
            PresencePenalty = -0.5f,
        };

        await BotCalls.CollectAsync(host, request);

        var received = Assert.Single(host.Upstream.Requests);
        Assert.Equal(("POST", "/v1/chat/completions"), (received.Method, received.Path));
        Assert.Equal("Bearer sk-upstream-primary-secret", received.Headers["Authorization"]);
        var expected = JsonNode.Parse("""
            {
              "model": "gpt-4o-mini",
              "messages": [
                {"role": "system", "content": "You are a helpful bird."},
                {"role": "user", "content": "Hi, I am Alice.", "name": "alice"},
                {"role": "assistant", "content": "Hello Alice!"},
                {"role": "user", "content": "And I am Bob.", "name": "Bob_Smith"}
              ],
              "temperature": 0.5,
              "top_p": 0.9,
              "max_tokens": 100,
              "frequency_penalty": 0.25,
              "presence_penalty": -0.5,
              "stream": true,
              "stream_options": {"include_usage": true}
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(received.Body)), received.Body);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UpstreamReportsUsage_FinalUsageIsExactAndTheRecordNamesUserBotAndCost()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Pricing:Models:gpt-4o-mini:Input"] = "0.15";
            s["Pricing:Models:gpt-4o-mini:Output"] = "0.6";
        });
        host.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 120, CompletionTokens = 30, ChunkDelay = TimeSpan.FromMilliseconds(5) };
        var request = BotCalls.Request();

        var finish = (await BotCalls.CollectAsync(host, request))[^1].Finish()!;

        const decimal cost = ((120 * 0.15m) + (30 * 0.6m)) / 1_000_000m;
        Assert.Equal((120, 30, 150, false), (finish.Usage.PromptTokens, finish.Usage.CompletionTokens, finish.Usage.TotalTokens, finish.UsageEstimated));
        Assert.Equal(cost, finish.Cost);
        var record = Assert.Single(await UsageRecords.WaitForAsync(host, 1));
        Assert.Equal((BotCalls.Alice, BotCalls.Bot, Guid.Empty), (record.UserId, record.BotId, record.KeyId));
        Assert.Equal((request.RequestId, "gpt-4o-mini", "gpt-4o-mini", "primary"), (record.RequestId, record.Model, record.AnsweredModel, record.Provider));
        Assert.Equal((200, 120, 30, true, false), (record.Status, record.PromptTokens, record.CompletionTokens, record.Stream, record.Estimated));
        Assert.Equal(cost, record.Cost);
        Assert.NotNull(record.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UpstreamSendsNoUsage_UsageIsCountedByTheTokenizerAndMarkedEstimated()
    {
        var host = shared.Fresh();
        var request = BotCalls.Request();
        const string answer = "Tokenizers split text into pieces that models read, one token at a time.";
        host.Upstream.Default = UpstreamScript.Answer(answer) with { SendsUsage = false, Chunks = 6 };

        var finish = (await BotCalls.CollectAsync(host, request))[^1].Finish()!;

        var counter = host.Services.GetRequiredService<TokenCounter>();
        Assert.True(finish.UsageEstimated);
        Assert.Equal(counter.Count("gpt-4o-mini", answer), finish.Usage.CompletionTokens);
        Assert.Equal(3 + counter.Count("gpt-4o-mini", "Hello") + 3, finish.Usage.PromptTokens);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        Assert.Equal((200, true, finish.Usage.PromptTokens, finish.Usage.CompletionTokens), (record.Status, record.Estimated, record.PromptTokens, record.CompletionTokens));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CancelledAfterAFewDeltas_StopsTheUpstreamCallAndRecordsWhatWasDeliveredAs499()
    {
        var host = shared.Fresh();
        var request = BotCalls.Request();
        var answer = string.Concat(Enumerable.Range(1, 20).Select(i => $"word{i} "));
        host.Upstream.Default = UpstreamScript.Answer(answer) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(500), CompletionTokens = 999 };
        using var stop = new CancellationTokenSource(BotCalls.HangLimit);
        var received = "";
        var deltas = 0;

        var stopwatch = new Stopwatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in BotCalls.Stream(host, request, stop.Token))
            {
                received += update.Text;
                if (++deltas == 3)
                {
                    stopwatch.Start();
                    await stop.CancelAsync();
                }
            }
        });

        // Unread, the upstream would go on for another eight seconds.
        await host.Upstream.WaitForAbortAsync(TimeSpan.FromSeconds(5));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"the upstream call was stopped {stopwatch.Elapsed} after the caller cancelled");
        Assert.Equal(3, deltas);
        Assert.StartsWith(received, answer, StringComparison.Ordinal);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        var counter = host.Services.GetRequiredService<TokenCounter>();
        Assert.Equal((499, true), (record.Status, record.Estimated));
        Assert.Equal(counter.Count("gpt-4o-mini", received), record.CompletionTokens);
        Assert.True(record.PromptTokens > 0);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerLeavesEarly_StopsTheUpstreamCallAndRecords499()
    {
        var host = shared.Fresh();
        var request = BotCalls.Request();
        host.Upstream.Default = UpstreamScript.Answer(string.Concat(Enumerable.Repeat("chirp ", 20))) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(500) };

        await foreach (var update in BotCalls.Stream(host, request))
        {
            break;
        }

        await host.Upstream.WaitForAbortAsync(TimeSpan.FromSeconds(5));
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        Assert.Equal((499, true), (record.Status, record.Estimated));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FirstProviderFails503_SecondProviderAnswers()
    {
        var host = failover.Fresh();
        var request = BotCalls.Request();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer("Beta answers.");

        var updates = await BotCalls.CollectAsync(host, request);

        Assert.Equal("Beta answers.", BotCalls.TextOf(updates));
        Assert.Equal("beta", updates[^1].Finish()!.Provider);
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        Assert.Equal(("beta", 200), (record.Provider, record.Status));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_EveryProviderFails_ThrowsProvidersUnavailable()
    {
        var host = failover.Fresh();
        var request = BotCalls.Request();
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Fail(500);

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => BotCalls.CollectAsync(host, request));

        Assert.Equal(GatewayErrorKind.ProvidersUnavailable, error.Kind);
        Assert.Contains("alpha: HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.Contains("beta: HTTP 500", error.Message, StringComparison.Ordinal);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        Assert.Equal((error.Status, 0, 0), (record.Status, record.PromptTokens, record.CompletionTokens));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UpstreamRefusesTheRequest_ThrowsUpstreamErrorWithItsStatusAndMessage()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Fail(400, "This model's maximum context length is 128000 tokens.");

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => BotCalls.CollectAsync(host, BotCalls.Request()));

        Assert.Equal(GatewayErrorKind.UpstreamError, error.Kind);
        Assert.Equal((400, 400, "primary"), (error.Status, error.UpstreamStatus, error.Provider));
        Assert.Equal("This model's maximum context length is 128000 tokens.", error.ProviderMessage);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UpstreamBreaksOffMidway_ThrowsUpstreamErrorAfterTheTextReceived()
    {
        var host = shared.Fresh();
        var request = BotCalls.Request();
        // Six pieces of five characters: "one t", "wo th"…
        host.Upstream.Default = UpstreamScript.Answer("one two three four five six") with { Chunks = 6, DropAfterChunks = 2 };
        var received = "";

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(async () =>
        {
            await foreach (var update in BotCalls.Stream(host, request))
            {
                received += update.Text;
            }
        });

        Assert.Equal((GatewayErrorKind.UpstreamError, 502, "primary"), (error.Kind, error.Status, error.Provider));
        Assert.Equal("one two th", received);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        Assert.Equal((502, true), (record.Status, record.Estimated));
        Assert.True(record.CompletionTokens > 0);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ModelNobodyServes_ThrowsModelNotFound()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Providers:primary:Models:0"] = "gpt-4o-mini");

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => BotCalls.CollectAsync(host, BotCalls.Request(model: "no-such-model")));

        Assert.Equal((GatewayErrorKind.ModelNotFound, 404), (error.Kind, error.Status));
        Assert.Contains("no-such-model", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
        var record = Assert.Single(await UsageRecords.WaitForAsync(host, 1));
        Assert.Equal(("no-such-model", 404, BotCalls.Alice), (record.Model, record.Status, record.UserId));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedRequest_ThrowsArgumentExceptionAtOnce()
    {
        var host = shared.Fresh();
        var service = BotCalls.Service(host);

        Assert.Throws<ArgumentException>(() => BotCalls.Stream(host, BotCalls.Request() with { Messages = [] }));
        Assert.Throws<ArgumentException>(() => BotCalls.Stream(host, BotCalls.Request() with { UserId = Guid.Empty }));
        Assert.Throws<ArgumentException>(() => BotCalls.Stream(host, BotCalls.Request() with { MaxTokens = 0 }));
        Assert.Throws<ArgumentException>(() => BotCalls.Stream(host, BotCalls.Request() with { RequestId = new string('x', 65) }));
        Assert.Throws<ArgumentException>(() => service.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")], new ChatOptions { ModelId = "gpt-4o-mini" }));
        Assert.Throws<ArgumentException>(() => service.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")]));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UpstreamAnswersWholeDespiteStream_TheAnswerIsOneDelta()
    {
        var host = shared.Fresh();
        host.Upstream.Default = new UpstreamScript
        {
            RawBody = """{"id":"x","object":"chat.completion","model":"local-llama","choices":[{"index":0,"message":{"role":"assistant","content":"Whole at once."},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""",
        };

        var updates = await BotCalls.CollectAsync(host, BotCalls.Request(model: "local-llama"));

        Assert.Equal(["Whole at once.", ""], updates.Select(u => u.Text));
        Assert.Equal(("stop", "local-llama", 9, false), (updates[^1].Finish()!.FinishReason, updates[^1].Finish()!.Model, updates[^1].Finish()!.Usage.TotalTokens, updates[^1].Finish()!.UsageEstimated));
    }

    [Fact]
    public void ParticipantName_NamesOpenAIWouldRefuse_AreMadeAcceptableOrLeftOut()
    {
        Assert.Equal("alice", ChatRequestJson.ParticipantName("alice"));
        Assert.Equal("Jos__Garc_a", ChatRequestJson.ParticipantName("José García"));
        Assert.Equal(new string('a', 64), ChatRequestJson.ParticipantName(new string('a', 100)));
        Assert.Null(ChatRequestJson.ParticipantName("李雷"));
        Assert.Null(ChatRequestJson.ParticipantName(""));
        Assert.Null(ChatRequestJson.ParticipantName(null));
        var request = BotCalls.Request();
        using var _ = JsonDocument.Parse(ChatRequestJson.Write(request.Model, request.Messages, new ChatOptions()));
    }
}
