using System.Collections.Concurrent;
using System.ComponentModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Warbler.FakeUpstream;
using Warbler.Gateway.InProcess;
using Warbler.Gateway.Tests.Bots;
using Warbler.Gateway.Tests.Usage;

namespace Warbler.Gateway.Tests.InProcess;

/// <summary>
/// The gateway's in-process face is Microsoft.Extensions.AI's own <see cref="IChatClient"/>: its
/// middleware (function invocation, logging) composes on it, and every call the middleware makes
/// is routed and metered by the gateway.
/// </summary>
public sealed class ChatClientCompositionTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    /// <summary>A stream in which the model asks for <c>get_weather</c>, its arguments in two pieces, as OpenAI streams tool calls.</summary>
    private const string ToolCallStream =
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n"
        + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":9,\"total_tokens\":49}}\n\n"
        + "data: [DONE]\n\n";

    [Fact]
    public async Task UseFunctionInvocation_ModelAsksForATool_TheFunctionRunsAndTheModelAnswersWithItsResult()
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(
            new UpstreamScript { RawStream = ToolCallStream },
            UpstreamScript.Answer("It is 12 degrees in Oslo.") with { PromptTokens = 60, CompletionTokens = 8 });
        var asked = new ConcurrentQueue<string>();
        var weather = AIFunctionFactory.Create(
            ([Description("The city")] string city) =>
            {
                asked.Enqueue(city);
                return $"12 degrees in {city}";
            },
            "get_weather",
            "The weather in a city now.");
        using var client = new ChatClientBuilder(BotCalls.Service(host)).UseFunctionInvocation().Build();
        var request = BotCalls.Request(content: "What is the weather in Oslo?");
        var options = BotCalls.Options(host, request);
        options.Tools = [weather];

        var response = await client.GetResponseAsync(request.Messages, options);

        Assert.Equal("It is 12 degrees in Oslo.", response.Text);
        Assert.Equal(["Oslo"], asked);
        Assert.Equal(2, host.Upstream.Requests.Count);
        using var first = JsonDocument.Parse(host.Upstream.Requests[0].Body);
        var tool = Assert.Single(first.RootElement.GetProperty("tools").EnumerateArray());
        Assert.Equal("get_weather", tool.GetProperty("function").GetProperty("name").GetString());
        using var second = JsonDocument.Parse(host.Upstream.Requests[1].Body);
        var messages = second.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("call_1", messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal(("call_1", "12 degrees in Oslo"), (messages[2].GetProperty("tool_call_id").GetString(), messages[2].GetProperty("content").GetString()));

        // Both calls the middleware made were metered, for the user the bot answered.
        var records = await UsageRecords.WaitForRequestAsync(host, request.RequestId, 2);
        Assert.All(records, r => Assert.Equal((200, BotCalls.Alice, BotCalls.Bot, request.RequestId), (r.Status, r.UserId, r.BotId, r.RequestId)));
        Assert.Equal((100, 17), (records.Sum(r => r.PromptTokens), records.Sum(r => r.CompletionTokens)));
    }

    [Fact]
    public async Task UseLogging_StreamedAnswer_IsLoggedByTheMiddlewareAndMeteredByTheGateway()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Answer("Logged and metered.") with { PromptTokens = 12, CompletionTokens = 4 };
        var logged = new ConcurrentQueue<string>();
        using var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new CollectingLoggerProvider(logged)));
        using var client = new ChatClientBuilder(BotCalls.Service(host)).UseLogging(loggerFactory).Build();
        var request = BotCalls.Request();

        var response = await client.GetStreamingResponseAsync(request.Messages, BotCalls.Options(host, request)).ToChatResponseAsync();

        Assert.Equal("Logged and metered.", response.Text);
        Assert.Equal((12L, 4L), (response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount));
        Assert.Contains(logged, line => line.Contains("GetStreamingResponseAsync", StringComparison.Ordinal) && line.Contains("completed", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("warbler", client.GetService<ChatClientMetadata>()?.ProviderName);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, request.RequestId));
        Assert.Equal((200, 12, 4, "primary"), (record.Status, record.PromptTokens, record.CompletionTokens, record.Provider));
    }

    [Fact]
    public async Task GetResponseAsync_Answer_CarriesTheFinishReasonModelUsageAndProvider()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Answer("Whole.") with { PromptTokens = 5, CompletionTokens = 2 };
        var request = BotCalls.Request();

        var response = await BotCalls.Service(host).GetResponseAsync(request.Messages, BotCalls.Options(host, request));

        Assert.Equal("Whole.", response.Text);
        Assert.Equal((ChatFinishReason.Stop, "gpt-4o-mini"), (response.FinishReason, response.ModelId));
        Assert.Equal((5L, 2L, 7L), (response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount, response.Usage?.TotalTokenCount));
        Assert.Equal("primary", response.AdditionalProperties.GetProvider());
        Assert.False(response.AdditionalProperties.GetUsageEstimated());
    }

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
