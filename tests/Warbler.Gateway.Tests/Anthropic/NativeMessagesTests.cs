using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Responses;
using Warbler.Gateway.Tests.Usage;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>
/// <c>/v1/messages</c> to a provider of the <c>Anthropic</c> kind is relayed as the client sent it
/// (prompt caching, thinking, <c>top_k</c>, <c>metadata</c>, <c>anthropic-beta</c> kept) and its answer
/// comes back as Anthropic sent it, with exact usage; when that provider fails, the call fails over to
/// an OpenAI-compatible one, translated. The client is the official Anthropic .NET package.
/// </summary>
public sealed class NativeMessagesTests(NativeMessagesTests.Fixture fixture) : IClassFixture<NativeMessagesTests.Fixture>
{
    private const string Model = "claude-sonnet-4-5";

    [Fact]
    public async Task MessagesCreate_CacheControlMetadataAndThinking_ReachTheUpstreamAsSentAndTheStopSequenceComesBack()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Cached and stopped") with { StopSequence = "###" });
        var client = CreateClient(host, (await CreateKeyAsync(host)).Key);

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 2048,
            System = new List<TextBlockParam> { new() { Text = "A long, stable system prompt.", CacheControl = new CacheControlEphemeral() } },
            Messages = [new UserMessageParam(new List<ContentBlockParam> { new TextBlockParam { Text = "A long document to keep.", CacheControl = new CacheControlEphemeral() } })],
            Metadata = new Metadata { UserID = "user-42" },
            Thinking = new ThinkingConfigEnabled { BudgetTokens = 1024 },
            StopSequences = ["###"],
        });

        Assert.Equal(StopReason.StopSequence, message.StopReason?.Value());
        Assert.Equal("###", message.StopSequence);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Cached and stopped", text.Text);

        var received = Assert.Single(host.Upstream.Requests);
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal("sk-upstream-claude-secret", received.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
        var sent = JsonNode.Parse(received.Body)!;
        Assert.Equal(Model, sent["model"]!.GetValue<string>());
        Assert.Equal("ephemeral", sent["system"]![0]!["cache_control"]!["type"]!.GetValue<string>());
        Assert.Equal("ephemeral", sent["messages"]![0]!["content"]![0]!["cache_control"]!["type"]!.GetValue<string>());
        Assert.Equal("user-42", sent["metadata"]!["user_id"]!.GetValue<string>());
        Assert.Equal(("enabled", 1024), (sent["thinking"]!["type"]!.GetValue<string>(), sent["thinking"]!["budget_tokens"]!.GetValue<int>()));
        Assert.Empty(host.Upstreams["backup"].Requests);
    }

    [Fact]
    public async Task PostMessages_TopKAndAnthropicBeta_TheBodyIsRelayedByteForByteWithTheBetaHeader()
    {
        var host = fixture.Fresh();
        using var client = host.CreateClient((await CreateKeyAsync(host)).Key);
        const string body = """{ "model": "claude-sonnet-4-5", "max_tokens": 64, "top_k": 5, "temperature": 0.5, "messages": [{"role": "user", "content": [{"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "Warbler."}, "cache_control": {"type": "ephemeral", "ttl": "1h"}}, {"type": "text", "text": "Summarise."}]}] }""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-beta", "extended-cache-ttl-2025-04-11");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(host.Upstream.Requests);
        Assert.Equal(body, received.Body);
        Assert.Equal("extended-cache-ttl-2025-04-11", received.Headers["anthropic-beta"]);
        using var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("msg_fake", message.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task MessagesCreate_CacheReadsAndWrites_AreRecordedExactlyAndPricedAtTheirPrices()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Cached.") with { PromptTokens = 1000, CachedTokens = 2000, CacheWriteTokens = 3000, CompletionTokens = 400 });
        var (keyId, key) = await CreateKeyAsync(host);
        var client = CreateClient(host, key);

        var message = await client.Messages.Create(Ask("Use the cache."));

        Assert.Equal((1000L, 2000L, 3000L, 400L), (message.Usage.InputTokens, message.Usage.CacheReadInputTokens, message.Usage.CacheCreationInputTokens, message.Usage.OutputTokens));
        var record = await SingleRecordAsync(host, keyId);
        Assert.Equal((false, false, "claude", 6000, 2000, 3000, 400), (record.Stream, record.Estimated, record.Provider, record.PromptTokens, record.CachedTokens, record.CacheWriteTokens, record.CompletionTokens));
        Assert.Equal(Model, record.AnsweredModel);

        // Per million tokens: 1000 input at 3, 2000 cache reads at 0.3, 3000 cache writes at 3.75, 400 output at 15.
        Assert.Equal(((1000 * 3m) + (2000 * 0.3m) + (3000 * 3.75m) + (400 * 15m)) / 1_000_000m, record.Cost);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateStreaming_CacheReadsAndWrites_AreRecordedExactlyAndPricedWhetherMessageDeltaRepeatsTheInput(bool deltaRepeatsInput)
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Streamed natively from Claude.") with
        {
            Chunks = 4, PromptTokens = 8, CachedTokens = 100, CacheWriteTokens = 20, CompletionTokens = 6, DeltaRepeatsInput = deltaRepeatsInput,
        });
        var (keyId, key) = await CreateKeyAsync(host);
        var client = CreateClient(host, key);

        var text = new StringBuilder();
        var events = new List<string>();
        global::Anthropic.Models.Messages.Usage? started = null;
        MessageDeltaUsage? final = null;
        await foreach (var streamed in client.Messages.CreateStreaming(Ask("Stream please.")))
        {
            if (streamed.TryPickStart(out var start))
            {
                events.Add("message_start");
                started = start.Message.Usage;
            }
            else if (streamed.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var piece))
            {
                events.Add("content_block_delta");
                text.Append(piece.Text);
            }
            else if (streamed.TryPickDelta(out var closing))
            {
                events.Add("message_delta");
                final = closing.Usage;
            }
            else if (streamed.TryPickStop(out _))
            {
                events.Add("message_stop");
            }
        }

        Assert.Equal("Streamed natively from Claude.", text.ToString());
        Assert.Equal(["message_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta", "message_delta", "message_stop"], events);
        Assert.Equal((8L, 100L, 20L), (started!.InputTokens, started.CacheReadInputTokens, started.CacheCreationInputTokens));
        Assert.Equal(6L, final!.OutputTokens);
        var record = await SingleRecordAsync(host, keyId);
        Assert.Equal((true, false, 128, 100, 20, 6), (record.Stream, record.Estimated, record.PromptTokens, record.CachedTokens, record.CacheWriteTokens, record.CompletionTokens));
        Assert.Equal(Model, record.AnsweredModel);
        Assert.Equal(((8 * 3m) + (100 * 0.3m) + (20 * 3.75m) + (6 * 15m)) / 1_000_000m, record.Cost);
    }

    [Fact]
    public async Task PostStream_ClientAbandonsHalfWay_HasAnEstimatedRecordWithThePromptMessageStartCounted()
    {
        var host = fixture.Fresh();
        var text = string.Concat(Enumerable.Range(1, 20).Select(i => $"word{i} "));
        host.Upstream.Enqueue(UpstreamScript.Answer(text) with
        {
            Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(300), PromptTokens = 40, CachedTokens = 10, CompletionTokens = 999,
        });
        var (keyId, key) = await CreateKeyAsync(host);
        using var client = host.CreateClient(key);
        await AbandonedMessagesStream.ReadThenLeaveAsync(client, Model);

        var record = await SingleRecordAsync(host, keyId);
        var estimator = host.Services.GetRequiredService<UsageEstimator>();
        Assert.Equal((499, true, true), (record.Status, record.Estimated, record.Stream));
        Assert.Equal((50, 10), (record.PromptTokens, record.CachedTokens));
        Assert.InRange(record.CompletionTokens, 1, estimator.TextTokens(Model, text) / 2);
    }

    [Fact]
    public async Task PostStream_AnthropicBreaksOff_EndsWithAnthropicsErrorEventAndIsBilledAsEstimated()
    {
        var host = fixture.Fresh();

        // message_start, ping, content_block_start and two deltas, then the connection drops.
        host.Upstream.Enqueue(UpstreamScript.Answer("one two three four five six") with { Chunks = 6, DropAfterChunks = 5, PromptTokens = 30 });
        var (keyId, key) = await CreateKeyAsync(host);
        using var client = host.CreateClient(key);

        using var response = await client.PostAsync(
            "/v1/messages",
            new StringContent($$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Count."}]}""", Encoding.UTF8, "application/json"));

        var stream = ResponsesEventStream.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "error"], stream.Names);
        var error = stream.Last("error");
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("api_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("broke off the stream", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var record = await SingleRecordAsync(host, keyId);
        Assert.True(record.Estimated);
        Assert.Equal(30, record.PromptTokens);
        Assert.True(record.CompletionTokens > 0);
    }

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(503, "api_error")]
    public async Task MessagesCreate_AnthropicProviderUnavailable_IsRetriedThenFailsOverToTheOpenAIProviderTranslated(int status, string type)
    {
        var host = fixture.Fresh();
        var claude = host.Upstreams["claude"];
        claude.Enqueue(UpstreamScript.AnthropicFail(status, type), UpstreamScript.AnthropicFail(status, type), UpstreamScript.AnthropicFail(status, type));
        host.Upstreams["backup"].Enqueue(UpstreamScript.Answer("From the backup provider.") with { PromptTokens = 9, CompletionTokens = 4 });
        var (keyId, key) = await CreateKeyAsync(host);
        var client = CreateClient(host, key);

        var message = await client.Messages.Create(Ask("Hello?"));

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("From the backup provider.", text.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason?.Value());
        Assert.Equal((9L, 4L), (message.Usage.InputTokens, message.Usage.OutputTokens));
        Assert.Equal(3, claude.Requests.Count);
        Assert.All(claude.Requests, request => Assert.Equal("/v1/messages", request.Path));
        Assert.Equal("/v1/chat/completions", Assert.Single(host.Upstreams["backup"].Requests).Path);
        var record = await SingleRecordAsync(host, keyId);
        Assert.Equal(("backup", 200, 9, 4), (record.Provider, record.Status, record.PromptTokens, record.CompletionTokens));
    }

    [Fact]
    public async Task MessagesCreate_AnthropicRefusesTheRequest_ThrowsBadRequestWithAnthropicsOwnError()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.AnthropicFail(400, "invalid_request_error", "messages.0.content.0: a maximum of 4 blocks with cache_control may be provided."));
        var client = CreateClient(host, (await CreateKeyAsync(host)).Key);

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => client.Messages.Create(Ask("Hi")));

        var body = JsonNode.Parse(error.ResponseBody)!;
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal("messages.0.content.0: a maximum of 4 blocks with cache_control may be provided.", body["error"]!["message"]!.GetValue<string>());
        Assert.Single(host.Upstream.Requests);
        Assert.Empty(host.Upstreams["backup"].Requests);
    }

    [Fact]
    public async Task CreateStreamingAggregate_ToolUseRoundTrip_AssemblesTheInputThenAnswersTheResult()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(
            UpstreamScript.CallTool("get_weather", """{"city":"Paris","unit":"celsius"}""", "Let me check."),
            UpstreamScript.Answer("It is sunny in Paris.") with { Chunks = 3 });
        var client = CreateClient(host, (await CreateKeyAsync(host)).Key);
        List<MessageParam> conversation = [new UserMessageParam("What is the weather in Paris?")];

        var first = await client.Messages.CreateStreaming(Ask(conversation)).Aggregate();

        Assert.Equal(StopReason.ToolUse, first.StopReason?.Value());
        var toolUse = first.Content.Select(block => block.TryPickToolUse(out var use) ? use : null).OfType<ToolUseBlock>().Single();
        Assert.Equal((UpstreamScript.ToolCallId, "get_weather"), (toolUse.ID, toolUse.Name));
        Assert.Equal(("Paris", "celsius"), (toolUse.Input!["city"].GetString(), toolUse.Input["unit"].GetString()));

        conversation.Add(new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }));
        conversation.Add(new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(toolUse.ID) { Content = "Sunny, 24 °C" } }));
        var second = await client.Messages.CreateStreaming(Ask(conversation)).Aggregate();

        Assert.True(second.Content[0].TryPickText(out var answer));
        Assert.Equal("It is sunny in Paris.", answer.Text);
        Assert.Equal(2, host.Upstream.Requests.Count);
        var turns = JsonNode.Parse(host.Upstream.Requests[1].Body)!["messages"]!.AsArray();
        Assert.Equal("/v1/messages", host.Upstream.Requests[1].Path);
        Assert.Equal("tool_use", turns[1]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("tool_result", turns[2]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(toolUse.ID, turns[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>());
        Assert.Equal("get_weather", JsonNode.Parse(host.Upstream.Requests[0].Body)!["tools"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CountTokens_AnthropicProvider_IsTheProvidersOwnCount()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer() with { PromptTokens = 1234 });
        var client = CreateClient(host, (await CreateKeyAsync(host)).Key);

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Model,
            System = "Be brief.",
            Messages = [new UserMessageParam("How many tokens is this question?")],
        });

        Assert.Equal(1234, count.InputTokens);
        var received = Assert.Single(host.Upstream.Requests);
        Assert.Equal("/v1/messages/count_tokens", received.Path);
        Assert.Equal("Be brief.", JsonNode.Parse(received.Body)!["system"]!.GetValue<string>());
    }

    [Fact]
    public async Task CountTokens_AnthropicProviderCannotCount_IsWarblersEstimate()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.AnthropicFail(500, "api_error");
        var client = CreateClient(host, (await CreateKeyAsync(host)).Key);

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Model,
            Messages = [new UserMessageParam("How many tokens is this question?")],
        });

        Assert.InRange(count.InputTokens, 5, 40);
        Assert.All(host.Upstream.Requests, request => Assert.Equal("/v1/messages/count_tokens", request.Path));
    }

    private static MessageCreateParams Ask(string question) => Ask([new UserMessageParam(question)]);

    private static MessageCreateParams Ask(List<MessageParam> conversation) => new()
    {
        Model = Model,
        MaxTokens = 256,
        Tools = [AnthropicSdkTests.WeatherTool],
        Messages = conversation,
    };

    private static AnthropicClient CreateClient(GatewayHost host, string key) => AnthropicSdkTests.CreateClient(host, key);

    /// <summary>A key of its own, so a test reads only its own usage records.</summary>
    private static async Task<(Guid Id, string Key)> CreateKeyAsync(GatewayHost host)
    {
        using var admin = host.CreateAdminClient();
        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "native messages" });
        response.EnsureSuccessStatusCode();
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (Guid.Parse(created["id"]!.GetValue<string>()), created["key"]!.GetValue<string>());
    }

    private static async Task<StoredUsage> SingleRecordAsync(GatewayHost host, Guid keyId)
    {
        await Eventually.UntilAsync(async () => (await UsageRecords.ReadAsync(host.Database)).Any(r => r.KeyId == keyId), because: "the call's usage record");
        return Assert.Single(await UsageRecords.ReadAsync(host.Database), r => r.KeyId == keyId);
    }

    /// <summary>
    /// One Warbler whose first provider is of the Anthropic kind and whose second, an
    /// OpenAI-compatible one, serves the same models after it; Claude's prices.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = await GatewayHost.StartAsync(["claude", "backup"], settings =>
            {
                settings["Providers:claude:Kind"] = "Anthropic";

                // The failover tests fail the Anthropic provider on purpose; it must not cool down for the next test.
                settings["Gateway:CoolDown:FailureThreshold"] = "1000";
                settings["Pricing:Models:claude-sonnet-4-5:Input"] = "3";
                settings["Pricing:Models:claude-sonnet-4-5:CachedInput"] = "0.3";
                settings["Pricing:Models:claude-sonnet-4-5:CacheWrite"] = "3.75";
                settings["Pricing:Models:claude-sonnet-4-5:Output"] = "15";
            });
        }

        public async Task DisposeAsync() => await Host.DisposeAsync();

        public GatewayHost Fresh()
        {
            foreach (var upstream in Host.Upstreams.Values)
            {
                upstream.Reset();
            }

            return Host;
        }
    }
}
