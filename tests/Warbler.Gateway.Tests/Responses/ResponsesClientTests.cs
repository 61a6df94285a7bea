// The library marks its Responses client as evaluation-only; its users switch the warning off the same way.
#pragma warning disable OPENAI001

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using OpenAI.Responses;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses;

/// <summary>
/// The OpenAI .NET library's <see cref="ResponsesClient"/>, written as its users write it, against
/// an upstream that has only chat completions (translated) and one that has the Responses API (relayed).
/// </summary>
public sealed class ResponsesClientTests(ResponsesHosts hosts) : IClassFixture<ResponsesHosts>
{
    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task CreateResponse_Text_ReturnsOutputTextAndUsage(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Warbler answers in Responses.") with { PromptTokens = 12, CompletionTokens = 5, CachedTokens = 4 });
        var client = CreateClient(host, await host.CreateKeyAsync());

        ResponseResult response = await client.CreateResponseAsync("gpt-4.1-text", "Say something.");

        Assert.Equal("Warbler answers in Responses.", response.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.StartsWith("resp_", response.Id, StringComparison.Ordinal);
        Assert.Equal((12, 5, 17, 4), (response.Usage.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.InputTokenDetails.CachedTokenCount));
        var record = Assert.Single(await WaitForRecordsAsync(host, "gpt-4.1-text", 1));
        Assert.Equal((200, false, false, 12, 4, 5), (record.Status, record.Stream, record.Estimated, record.PromptTokens, record.CachedTokens, record.CompletionTokens));
        Assert.Equal(route == ResponsesRoute.Translated ? "/v1/chat/completions" : "/v1/responses", Assert.Single(host.Upstream.Requests).Path);
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated)]
    [InlineData(ResponsesRoute.Relayed)]
    public async Task CreateResponseStreaming_Text_DeltasAssembleTheTextAndCompletedCarriesUsage(ResponsesRoute route)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(UpstreamScript.Answer("Streamed through the Responses API.") with { Chunks = 5, PromptTokens = 8, CompletionTokens = 6 });
        var client = CreateClient(host, await host.CreateKeyAsync());

        var text = new StringBuilder();
        var deltas = 0;
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync("gpt-4.1-stream", "Stream please."))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
                deltas++;
            }
            else if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        Assert.Equal("Streamed through the Responses API.", text.ToString());
        Assert.Equal(5, deltas);
        Assert.NotNull(completed);
        Assert.Equal("Streamed through the Responses API.", completed.GetOutputText());
        Assert.Equal((8, 6), (completed.Usage.InputTokenCount, completed.Usage.OutputTokenCount));
        var record = Assert.Single(await WaitForRecordsAsync(host, "gpt-4.1-stream", 1));
        Assert.Equal((200, true, false, 8, 6), (record.Status, record.Stream, record.Estimated, record.PromptTokens, record.CompletionTokens));
    }

    [Theory]
    [InlineData(ResponsesRoute.Translated, false)]
    [InlineData(ResponsesRoute.Translated, true)]
    [InlineData(ResponsesRoute.Relayed, false)]
    public async Task CreateResponse_FunctionCallRoundTrip_ModelCallsToolThenAnswersWithItsOutput(ResponsesRoute route, bool stream)
    {
        var host = hosts.Fresh(route);
        host.Upstream.Enqueue(
            UpstreamScript.CallTool("get_weather", """{"city":"Paris"}""") with { Chunks = 3 },
            UpstreamScript.Answer("It is sunny in Paris."));
        var client = CreateClient(host, await host.CreateKeyAsync());
        var options = new CreateResponseOptions("gpt-4.1-tools", [ResponseItem.CreateUserMessageItem("What is the weather in Paris?")])
        {
            StreamingEnabled = stream,
            Tools = { ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""), strictModeEnabled: false, functionDescription: "The weather in a city") },
        };

        var first = stream ? await StreamToEndAsync(client, options) : (ResponseResult)await client.CreateResponseAsync(options);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal(("get_weather", UpstreamScript.ToolCallId), (call.FunctionName, call.CallId));
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        foreach (var item in first.OutputItems)
        {
            options.InputItems.Add(item);
        }

        options.InputItems.Add(ResponseItem.CreateFunctionCallOutputItem(call.CallId, """{"sky":"sunny"}"""));
        var second = stream ? await StreamToEndAsync(client, options) : (ResponseResult)await client.CreateResponseAsync(options);

        Assert.Equal("It is sunny in Paris.", second.GetOutputText());
        var sent = JsonDocument.Parse(host.Upstream.Requests[^1].Body).RootElement;
        if (route == ResponsesRoute.Translated)
        {
            // Chat's shapes: the tool nested under 'function', the call on an assistant message, its output a 'tool' message.
            Assert.Equal("get_weather", sent.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
            var messages = sent.GetProperty("messages");
            Assert.Equal(UpstreamScript.ToolCallId, messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
            Assert.Equal(("tool", UpstreamScript.ToolCallId, """{"sky":"sunny"}"""), (messages[2].GetProperty("role").GetString(), messages[2].GetProperty("tool_call_id").GetString(), messages[2].GetProperty("content").GetString()));
        }
        else
        {
            Assert.Equal("function_call_output", sent.GetProperty("input")[sent.GetProperty("input").GetArrayLength() - 1].GetProperty("type").GetString());
        }
    }

    internal static ResponsesClient CreateClient(GatewayHost host, string key) => new(
        new ApiKeyCredential(key),
        new ResponsesClientOptions
        {
            Endpoint = new Uri(host.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(host.CreateClient()),
        });

    internal static async Task<List<StoredUsage>> WaitForRecordsAsync(GatewayHost host, string model, int count)
    {
        await Eventually.UntilAsync(async () => (await UsageRecords.ReadAsync(host.Database)).Count(r => r.Model == model) >= count, because: $"{count} usage records of {model}");
        return [.. (await UsageRecords.ReadAsync(host.Database)).Where(r => r.Model == model)];
    }

    private static async Task<ResponseResult> StreamToEndAsync(ResponsesClient client, CreateResponseOptions options)
    {
        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseCompletedUpdate done)
            {
                completed = done.Response;
            }
        }

        return completed ?? throw new InvalidOperationException("The stream ended without response.completed.");
    }
}
