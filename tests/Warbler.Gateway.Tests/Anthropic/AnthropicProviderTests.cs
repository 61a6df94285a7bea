using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>
/// A provider of the <c>Anthropic</c> kind serves chat completions clients (the official OpenAI
/// .NET package here): their requests reach a fake Anthropic upstream as <c>/v1/messages</c>, and
/// its answers, streams, tool calls, errors and prompt-cache usage come back as OpenAI's.
/// </summary>
public sealed class AnthropicProviderTests(AnthropicProviderTests.Fixture fixture) : IClassFixture<AnthropicProviderTests.Fixture>
{
    private const string Model = "claude-sonnet-4-5";

    [Fact]
    public async Task CompleteChat_AnthropicProvider_SendsAMessagesRequestAndReturnsTheAnswer()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Bonjour from Claude.") with { PromptTokens = 20, CompletionTokens = 5 });
        var client = CreateChatClient(host, await host.CreateKeyAsync());

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("Answer in French."), new UserChatMessage("Say hello.")],
            new ChatCompletionOptions { StopSequences = { "END" }, Temperature = 0.2f });

        Assert.Equal("Bonjour from Claude.", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(20, completion.Usage.InputTokenCount);
        Assert.Equal(5, completion.Usage.OutputTokenCount);

        var received = Assert.Single(host.Upstream.Requests);
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal("sk-upstream-primary-secret", received.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", received.Headers["anthropic-version"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
        var sent = JsonNode.Parse(received.Body)!;
        Assert.Equal("Answer in French.", sent["system"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("user", sent["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Say hello.", sent["messages"]![0]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(4096, sent["max_tokens"]!.GetValue<int>());
        Assert.Equal("END", sent["stop_sequences"]![0]!.GetValue<string>());
        Assert.Equal(0.2, sent["temperature"]!.GetValue<double>(), 3);
    }

    [Fact]
    public async Task CompleteChatStreaming_AnthropicProvider_StreamsTextAndUsage()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Streaming from Claude works.") with { Chunks = 4, PromptTokens = 8, CompletionTokens = 6, CachedTokens = 100 });
        var client = CreateChatClient(host, await host.CreateKeyAsync());

        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream please.")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Streaming from Claude works.", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(108, usage.InputTokenCount);
        Assert.Equal(100, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(6, usage.OutputTokenCount);
        Assert.True(JsonNode.Parse(host.Upstream.Requests[0].Body)!["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CompleteChat_ToolCallThenResult_RoundTripsAsToolUseAndToolResult()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.CallTool("get_weather", """{"city":"Oslo"}""", "Let me look."), UpstreamScript.Answer("Snowing in Oslo."));
        var client = CreateChatClient(host, await host.CreateKeyAsync());
        var tool = ChatTool.CreateFunctionTool("get_weather", "The weather in a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Oslo?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Oslo", JsonNode.Parse(call.FunctionArguments.ToString())!["city"]!.GetValue<string>());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "Snow, -3 °C"));
        ChatCompletion second = await client.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });

        Assert.Equal("Snowing in Oslo.", second.Content[0].Text);
        var firstSent = JsonNode.Parse(host.Upstream.Requests[0].Body)!;
        Assert.Equal("get_weather", firstSent["tools"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("object", firstSent["tools"]![0]!["input_schema"]!["type"]!.GetValue<string>());
        Assert.Equal("any", firstSent["tool_choice"]!["type"]!.GetValue<string>());
        var turns = JsonNode.Parse(host.Upstream.Requests[1].Body)!["messages"]!.AsArray();
        Assert.Equal("tool_use", turns[1]!["content"]!.AsArray().Last()!["type"]!.GetValue<string>());
        Assert.Equal("Oslo", turns[1]!["content"]!.AsArray().Last()!["input"]!["city"]!.GetValue<string>());
        Assert.Equal("user", turns[2]!["role"]!.GetValue<string>());
        Assert.Equal("tool_result", turns[2]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(call.Id, turns[2]!["content"]![0]!["tool_use_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChatStreaming_ToolCall_ArrivesAsToolCallUpdates()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.CallTool("get_weather", """{"city":"Lima"}"""));
        var client = CreateChatClient(host, await host.CreateKeyAsync());
        var tool = ChatTool.CreateFunctionTool("get_weather", "The weather in a city.", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}"""));

        var arguments = new StringBuilder();
        string? name = null, id = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Weather in Lima?")], new ChatCompletionOptions { Tools = { tool } }))
        {
            foreach (var piece in update.ToolCallUpdates)
            {
                name ??= piece.FunctionName;
                id ??= piece.ToolCallId;
                arguments.Append(piece.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("call_fake_1", id);
        Assert.Equal("""{"city":"Lima"}""", arguments.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
    }

    [Fact]
    public async Task CompleteChat_AnthropicRefusesTheRequest_IsAnOpenAIErrorWithItsStatusAndWords()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.AnthropicFail(400, "invalid_request_error", "messages: roles must alternate"));
        using var http = host.CreateClient(await host.CreateKeyAsync());

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", new { model = Model, messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("messages: roles must alternate", error.Message);
        Assert.Equal("invalid_request_error", error.Type);
    }

    [Fact]
    public async Task ListModels_AnthropicProvider_ListsAnthropicsModels()
    {
        var host = fixture.Fresh();
        var client = new OpenAIClient(new ApiKeyCredential(await host.CreateKeyAsync()), Options(host)).GetOpenAIModelClient();

        var models = (await client.GetModelsAsync()).Value;

        Assert.Contains(models, model => model.Id == "claude-sonnet-4-5" && model.OwnedBy == "anthropic");
        Assert.Contains(host.Upstream.Requests, request => request.Path == "/v1/models" && request.Headers.ContainsKey("x-api-key"));
    }

    [Fact]
    public async Task CompleteChat_CacheReadsAndWrites_AreRecordedAndPricedAtTheirPrices()
    {
        var host = fixture.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer("Cached.") with { PromptTokens = 1000, CachedTokens = 2000, CacheWriteTokens = 3000, CompletionTokens = 400 });
        var client = CreateChatClient(host, key);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Use the cache.")]);

        Assert.Equal(6000, completion.Usage.InputTokenCount);
        Assert.Equal(2000, completion.Usage.InputTokenDetails.CachedTokenCount);
        var record = Assert.Single(await UsageRecords.WaitForKeyAsync(host, keyId, 1));
        Assert.Equal((6000, 2000, 3000, 400), (record.PromptTokens, record.CachedTokens, record.CacheWriteTokens, record.CompletionTokens));
        Assert.False(record.Estimated);

        // Per million tokens: 1000 input at 3, 2000 cache reads at 0.3, 3000 cache writes at 3.75, 400 output at 15.
        Assert.Equal(((1000 * 3m) + (2000 * 0.3m) + (3000 * 3.75m) + (400 * 15m)) / 1_000_000m, record.Cost);

        // The usage report sums the cache's reads and writes too.
        using var admin = host.CreateAdminClient();
        using var report = JsonDocument.Parse(await admin.GetStringAsync($"/api/admin/usage?keyId={keyId}"));
        var totals = report.RootElement.GetProperty("totals");
        Assert.Equal((6000, 2000, 3000), (totals.GetProperty("promptTokens").GetInt64(), totals.GetProperty("cachedTokens").GetInt64(), totals.GetProperty("cacheWriteTokens").GetInt64()));
    }

    [Fact]
    public async Task MessagesCreate_ThroughAnAnthropicProvider_KeepsTheAnswerAndItsCacheUsage()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Round trip.") with { PromptTokens = 5, CachedTokens = 50, CacheWriteTokens = 70, CompletionTokens = 2 });
        var client = new global::Anthropic.AnthropicClient
        {
            ApiKey = await host.CreateKeyAsync(),
            BaseUrl = host.Server.BaseAddress.ToString().TrimEnd('/'),
            HttpClient = host.CreateClient(),
            MaxRetries = 0,
        };

        var message = await client.Messages.Create(new global::Anthropic.Models.Messages.MessageCreateParams
        {
            Model = Model,
            MaxTokens = 64,
            Messages = [new global::Anthropic.Models.Messages.UserMessageParam("Use the cache.")],
        });

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Round trip.", text.Text);
        Assert.Equal((5, 50, 70, 2), (message.Usage.InputTokens, message.Usage.CacheReadInputTokens, message.Usage.CacheCreationInputTokens, message.Usage.OutputTokens));
        Assert.Equal(64, JsonNode.Parse(Assert.Single(host.Upstream.Requests).Body)!["max_tokens"]!.GetValue<int>());
    }

    private static ChatClient CreateChatClient(GatewayHost host, string key) => new(Model, new ApiKeyCredential(key), Options(host));

    private static OpenAIClientOptions Options(GatewayHost host) => new()
    {
        Endpoint = new Uri(host.Server.BaseAddress, "/v1"),
        Transport = new HttpClientPipelineTransport(host.CreateClient()),
    };

    /// <summary>One Warbler whose only provider is of the Anthropic kind, with Claude's prices.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public GatewayHost Host { get; private set; } = null!;

        public static async Task<GatewayHost> StartAsync()
        {
            var host = await GatewayHost.StartAsync(configure: settings =>
            {
                settings["Providers:primary:Kind"] = "Anthropic";
                settings["Pricing:Models:claude-sonnet-4-5:Input"] = "3";
                settings["Pricing:Models:claude-sonnet-4-5:CachedInput"] = "0.3";
                settings["Pricing:Models:claude-sonnet-4-5:CacheWrite"] = "3.75";
                settings["Pricing:Models:claude-sonnet-4-5:Output"] = "15";
            });
            host.Upstream.Models = ["claude-sonnet-4-5", "claude-haiku-4-5"];
            return host;
        }

        public async Task InitializeAsync() => Host = await StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();

        public GatewayHost Fresh()
        {
            Host.Upstream.Reset();
            return Host;
        }
    }
}
