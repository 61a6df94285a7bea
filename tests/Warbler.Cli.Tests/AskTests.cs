using System.Text.Json.Nodes;
using Warbler.FakeUpstream;

namespace Warbler.Cli.Tests;

[Collection(WarblerServerCollection.Name)]
public sealed class AskTests
{
    private readonly WarblerServer _server;

    public AskTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
    }

    [Fact]
    public async Task Ask_WithEveryFlag_StreamsTheAnswerAndSendsTheFlagsUpstream()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(UpstreamScript.Answer("A warbler is a small songbird.") with { Chunks = 4 });

        var result = await CliProcess.RunAsync(
            [
                "ask", "--model", "other-model", "--system", "Answer in one sentence.",
                "--temperature", "0.3", "--top-p", "0.5", "--max-tokens", "42",
                "--frequency-penalty", "0.5", "--presence-penalty", "-0.25",
                "What is a warbler?",
            ],
            _server.Environment(key));

        CliAssert.Succeeded(result);
        Assert.Equal("A warbler is a small songbird.\n", result.Output);
        var request = Assert.Single(_server.ChatRequests());
        Assert.Equal("other-model", request["model"]!.GetValue<string>());
        Assert.True(request["stream"]!.GetValue<bool>());
        Assert.Equal(0.3, request["temperature"]!.GetValue<double>(), 3);
        Assert.Equal(0.5, request["top_p"]!.GetValue<double>(), 3);
        Assert.Equal(42, (request["max_completion_tokens"] ?? request["max_tokens"])!.GetValue<int>());
        Assert.Equal(0.5, request["frequency_penalty"]!.GetValue<double>(), 3);
        Assert.Equal(-0.25, request["presence_penalty"]!.GetValue<double>(), 3);
        Assert.Equal(
            [("system", "Answer in one sentence."), ("user", "What is a warbler?")],
            CliAssert.Messages(request));
    }

    [Fact]
    public async Task Ask_WithPipedTextAndArgument_SendsBothPipedTextFirst()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "summarize"], _server.Environment(key), input: "Notes: the meeting moved to Friday.\n");

        CliAssert.Succeeded(result);
        var request = Assert.Single(_server.ChatRequests());
        Assert.Equal([("user", "Notes: the meeting moved to Friday.\n\nsummarize")], CliAssert.Messages(request));
    }

    [Fact]
    public async Task Ask_WithOnlyPipedText_AsksIt()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model"], _server.Environment(key), input: "Why is the sky blue?");

        CliAssert.Succeeded(result);
        Assert.Equal("Hello from the fake upstream.\n", result.Output);
        Assert.Equal([("user", "Why is the sky blue?")], CliAssert.Messages(Assert.Single(_server.ChatRequests())));
    }

    [Fact]
    public async Task Ask_WithoutModel_UsesTheFirstModelTheServerLists()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["ask", "Hello?"], _server.Environment(key));

        CliAssert.Succeeded(result);
        Assert.Equal("fake-model", Assert.Single(_server.ChatRequests())["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ask_WithModelFromEnvironment_UsesIt()
    {
        var key = await _server.CreateKeyAsync();
        var environment = _server.Environment(key);
        environment["WARBLER_MODEL"] = "other-model";

        var result = await CliProcess.RunAsync(["ask", "Hello?"], environment);

        CliAssert.Succeeded(result);
        Assert.Equal("other-model", Assert.Single(_server.ChatRequests())["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ask_Json_PrintsTheRawResponseOfOneRequestWithoutStreaming()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(UpstreamScript.Answer("Forty-two."));

        var result = await CliProcess.RunAsync(["ask", "--json", "--model", "fake-model", "The answer?"], _server.Environment(key));

        CliAssert.Succeeded(result);
        var response = JsonNode.Parse(result.Output)!;
        Assert.Equal("chat.completion", response["object"]!.GetValue<string>());
        Assert.Equal("Forty-two.", response["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(18, response["usage"]!["total_tokens"]!.GetValue<int>());
        var request = Assert.Single(_server.ChatRequests());
        Assert.NotEqual(true, request["stream"]?.GetValue<bool>());
    }

    [Fact]
    public async Task Ask_WithNothingToAsk_ExitsTwo()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model"], _server.Environment(key), input: "");

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("Nothing to ask", line, StringComparison.Ordinal);
        Assert.Empty(_server.ChatRequests());
    }
}
