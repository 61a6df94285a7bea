// The library marks its Responses client as evaluation-only; its users switch the warning off the same way.
#pragma warning disable OPENAI001

using System.Text.Json;
using OpenAI.Responses;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses;

/// <summary>With no provider configured, the demo answers Responses clients offline, function calls included, so an agent loop can be tried without a key.</summary>
public sealed class DemoResponsesTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    [Fact]
    public async Task CreateResponse_Demo_AnswersOfflineWithUsage()
    {
        var host = demo.Host;
        var client = ResponsesClientTests.CreateClient(host, GatewayHost.AdminKey);

        ResponseResult response = await client.CreateResponseAsync("gpt-4.1", "What is Warbler?");

        Assert.StartsWith("[Offline demo standing in for gpt-4.1: no provider is configured.] You said: \"What is Warbler?\"", response.GetOutputText(), StringComparison.Ordinal);
        Assert.True(response.Usage.OutputTokenCount > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateResponse_DemoOfferedAToolTheInputAsksFor_CallsItThenAnswersFromItsOutput(bool stream)
    {
        var host = demo.Host;
        var client = ResponsesClientTests.CreateClient(host, GatewayHost.AdminKey);
        var options = new CreateResponseOptions("demo", [ResponseItem.CreateUserMessageItem("What is the weather in Paris?")])
        {
            StreamingEnabled = stream,
            Tools =
            {
                ResponseTool.CreateFunctionTool("get_time", BinaryData.FromString("""{"type":"object","properties":{}}"""), strictModeEnabled: false),
                ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""), strictModeEnabled: false),
            },
        };

        var first = await CreateAsync(client, options);
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("What is the weather in Paris?", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("city").GetString());

        options.InputItems.Add(call);
        options.InputItems.Add(ResponseItem.CreateFunctionCallOutputItem(call.CallId, "Sunny, 21 °C"));
        var second = await CreateAsync(client, options);

        Assert.Equal("[Offline demo: no provider is configured.] The tool answered: \"Sunny, 21 °C\".", second.GetOutputText());
    }

    [Fact]
    public async Task CreateResponse_DemoOfferedAToolTheInputDoesNotAskFor_AnswersInText()
    {
        var host = demo.Host;
        var client = ResponsesClientTests.CreateClient(host, GatewayHost.AdminKey);
        var options = new CreateResponseOptions("demo", [ResponseItem.CreateUserMessageItem("Hello there")])
        {
            Tools = { ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{}}"""), strictModeEnabled: false) },
        };

        ResponseResult response = await client.CreateResponseAsync(options);

        Assert.IsAssignableFrom<MessageResponseItem>(Assert.Single(response.OutputItems));
        Assert.Contains("You said: \"Hello there\"", response.GetOutputText(), StringComparison.Ordinal);
    }

    private static async Task<ResponseResult> CreateAsync(ResponsesClient client, CreateResponseOptions options)
    {
        if (options.StreamingEnabled != true)
        {
            return await client.CreateResponseAsync(options);
        }

        ResponseResult? completed = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(options))
        {
            completed = (update as StreamingResponseCompletedUpdate)?.Response ?? completed;
        }

        return completed!;
    }
}
