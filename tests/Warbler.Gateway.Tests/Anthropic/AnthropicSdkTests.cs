using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>
/// The official Anthropic .NET package, pointed at Warbler's <c>/v1/messages</c>, works as it does
/// against Anthropic, whatever the provider behind: here an OpenAI-compatible one that speaks only chat completions.
/// </summary>
public sealed class AnthropicSdkTests(GatewayHostFixture fixture) : IClassFixture<GatewayHostFixture>
{
    private const string Model = "claude-sonnet-4-5";

    [Fact]
    public async Task MessagesCreate_TextPrompt_ReturnsTheAnswerAsAMessageWithUsage()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Answer("Hello from the fake upstream, via /v1/messages.") with { PromptTokens = 12, CompletionTokens = 9 });
        var client = CreateClient(host, await host.CreateKeyAsync());

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 256,
            System = "Be brief.",
            StopSequences = ["###"],
            Metadata = new Metadata { UserID = "user-42" },
            Messages = [new UserMessageParam("Say hello.")],
        });

        Assert.StartsWith("msg_", message.ID, StringComparison.Ordinal);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello from the fake upstream, via /v1/messages.", text.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason?.Value());
        Assert.Equal(12, message.Usage.InputTokens);
        Assert.Equal(9, message.Usage.OutputTokens);

        var sent = JsonNode.Parse(Assert.Single(host.Upstream.Requests).Body)!;
        Assert.Equal("/v1/chat/completions", host.Upstream.Requests[0].Path);
        Assert.Equal("system", sent["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Be brief.", sent["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(256, sent["max_tokens"]!.GetValue<int>());
        Assert.Equal("###", sent["stop"]![0]!.GetValue<string>());
        Assert.Equal("user-42", sent["user"]!.GetValue<string>());
    }

    [Fact]
    public async Task MessagesCreate_ToolUseRoundTrip_ReturnsToolUseThenTheAnswerToTheResult()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(
            UpstreamScript.CallTool("get_weather", """{"city":"Paris"}"""),
            UpstreamScript.Answer("It is sunny in Paris."));
        var client = CreateClient(host, await host.CreateKeyAsync());
        var weather = WeatherTool;
        List<MessageParam> conversation = [new UserMessageParam("What is the weather in Paris?")];

        var first = await client.Messages.Create(new MessageCreateParams { Model = Model, MaxTokens = 256, Tools = [weather], Messages = conversation });

        Assert.Equal(StopReason.ToolUse, first.StopReason?.Value());
        var toolUse = first.Content.Select(block => block.TryPickToolUse(out var use) ? use : null).OfType<ToolUseBlock>().Single();
        Assert.Equal("get_weather", toolUse.Name);
        Assert.Equal("Paris", toolUse.Input!["city"].GetString());

        conversation.Add(new AssistantMessageParam(new List<ContentBlockParam>
        {
            new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input },
        }));
        conversation.Add(new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(toolUse.ID) { Content = "Sunny, 24 °C" } }));
        var second = await client.Messages.Create(new MessageCreateParams { Model = Model, MaxTokens = 256, Tools = [weather], Messages = conversation });

        Assert.True(second.Content[0].TryPickText(out var answer));
        Assert.Equal("It is sunny in Paris.", answer.Text);
        var sent = JsonNode.Parse(host.Upstream.Requests[1].Body)!["messages"]!.AsArray();
        Assert.Equal("get_weather", sent[1]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("tool", sent[2]!["role"]!.GetValue<string>());
        Assert.Equal(toolUse.ID, sent[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("Sunny, 24 °C", sent[2]!["content"]!.GetValue<string>());
        Assert.Equal("get_weather", JsonNode.Parse(host.Upstream.Requests[0].Body)!["tools"]![0]!["function"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CountTokens_Messages_CountsWithoutCallingAProvider()
    {
        var host = fixture.Fresh();
        var client = CreateClient(host, await host.CreateKeyAsync());

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Model,
            System = "Be brief.",
            Messages = [new UserMessageParam("How many tokens is this question?")],
        });

        Assert.InRange(count.InputTokens, 10, 40);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task MessagesCreate_UnknownKey_ThrowsAuthenticationError()
    {
        var host = fixture.Fresh();
        var client = CreateClient(host, "wk-not-a-key-that-exists-anywhere-at-all");

        var error = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() =>
            client.Messages.Create(new MessageCreateParams { Model = Model, MaxTokens = 16, Messages = [new UserMessageParam("Hi")] }));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("authentication_error", error.ResponseBody, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task MessagesCreate_UpstreamRefusesTheRequest_ThrowsBadRequestWithTheUpstreamsWords()
    {
        var host = fixture.Fresh();
        host.Upstream.Enqueue(UpstreamScript.Fail(400, "This model's maximum context length is 8192 tokens."));
        var client = CreateClient(host, await host.CreateKeyAsync());

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() =>
            client.Messages.Create(new MessageCreateParams { Model = Model, MaxTokens = 16, Messages = [new UserMessageParam("Hi")] }));

        var body = JsonNode.Parse(error.ResponseBody)!;
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal("This model's maximum context length is 8192 tokens.", body["error"]!["message"]!.GetValue<string>());
    }

    /// <summary>A function tool as users declare one.</summary>
    internal static Tool WeatherTool => new()
    {
        Name = "get_weather",
        Description = "The weather in a city.",
        InputSchema = new InputSchema
        {
            Properties = new Dictionary<string, JsonElement> { ["city"] = JsonSerializer.SerializeToElement(new { type = "string" }) },
            Required = ["city"],
        },
    };

    /// <summary>As its users write it, but with the in-memory server's HTTP client and no retries.</summary>
    internal static AnthropicClient CreateClient(GatewayHost host, string key) => new()
    {
        ApiKey = key,
        BaseUrl = host.Server.BaseAddress.ToString().TrimEnd('/'),
        HttpClient = host.CreateClient(),
        MaxRetries = 0,
    };
}
