using System.Text.Json.Nodes;
using Warbler.FakeUpstream;

namespace Warbler.Cli.Tests;

/// <summary><c>warbler chat</c> driven through standard input, as a script or a test drives it.</summary>
[Collection(WarblerServerCollection.Name)]
public sealed class ChatTests : IDisposable
{
    private readonly WarblerServer _server;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));

    public ChatTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task Chat_ThroughStdin_SendsEarlierTurnsWithEachMessageAndPrintsPlainReplies()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(UpstreamScript.Answer("Warblers are **songbirds**."), UpstreamScript.Answer("About 12 cm long."));

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: "What is a warbler?\nHow big is it?\n");

        CliAssert.Succeeded(result);
        Assert.Equal("Warblers are **songbirds**.\nAbout 12 cm long.\n", result.Output);
        CliAssert.NoEscapeCodes(result.Output + result.Errors);
        var requests = _server.ChatRequests();
        Assert.Equal(2, requests.Count);
        Assert.Equal([("user", "What is a warbler?")], CliAssert.Messages(requests[0]));
        Assert.Equal(
            [("user", "What is a warbler?"), ("assistant", "Warblers are **songbirds**."), ("user", "How big is it?")],
            CliAssert.Messages(requests[1]));
    }

    [Fact]
    public async Task Chat_SystemModelResetAndExit_ChangeWhatIsSent()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(UpstreamScript.Answer("One."), UpstreamScript.Answer("Two."), UpstreamScript.Answer("Three."));
        const string input = """
            /system Be terse.
            First?
            /model other-model
            Second?
            /reset
            Third?
            /exit
            Never sent.
            """;

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model", "--temperature", "0.2"], _server.Environment(key), input: input);

        CliAssert.Succeeded(result);
        Assert.Equal("One.\nTwo.\nThree.\n", result.Output);
        var requests = _server.ChatRequests();
        Assert.Equal(3, requests.Count);
        Assert.Equal("fake-model", requests[0]["model"]!.GetValue<string>());
        Assert.Equal([("system", "Be terse."), ("user", "First?")], CliAssert.Messages(requests[0]));
        Assert.Equal("other-model", requests[1]["model"]!.GetValue<string>());
        Assert.Equal(
            [("system", "Be terse."), ("user", "First?"), ("assistant", "One."), ("user", "Second?")],
            CliAssert.Messages(requests[1]));
        Assert.Equal("other-model", requests[2]["model"]!.GetValue<string>());
        Assert.Equal([("system", "Be terse."), ("user", "Third?")], CliAssert.Messages(requests[2]));
        Assert.All(requests, r => Assert.Equal(0.2, r["temperature"]!.GetValue<double>(), 3));
    }

    [Fact]
    public async Task Chat_SaveThenLoadInANewSession_ContinuesTheConversation()
    {
        var key = await _server.CreateKeyAsync();
        var file = Path.Combine(_folder, "conversation.json");
        _server.Upstream.Enqueue(UpstreamScript.Answer("Paris."), UpstreamScript.Answer("About two million."));

        var first = await CliProcess.RunAsync(["chat", "--model", "fake-model", "--system", "You know geography."], _server.Environment(key), input: $"Capital of France?\n/save {file}\n");
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsArray();
        var second = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: $"/load {file}\nHow many people live there?\n");

        CliAssert.Succeeded(first);
        Assert.Contains("Saved 3 messages", first.Errors, StringComparison.Ordinal);
        Assert.Equal(
            ["system:You know geography.", "user:Capital of France?", "assistant:Paris."],
            saved.Select(m => $"{m!["role"]}:{m["content"]}"));
        CliAssert.Succeeded(second);
        Assert.Equal("About two million.\n", second.Output);
        Assert.Equal(
            [("system", "You know geography."), ("user", "Capital of France?"), ("assistant", "Paris."), ("user", "How many people live there?")],
            CliAssert.Messages(_server.ChatRequests()[^1]));
    }

    [Fact]
    public async Task Chat_LoadOfAFileThatIsNotATranscript_SaysSoAndGoesOn()
    {
        var key = await _server.CreateKeyAsync();
        var file = Path.Combine(_folder, "notes.json");
        await File.WriteAllTextAsync(file, """{"not": "messages"}""");

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: $"/load {file}\n/load {file}.missing\n/frobnicate\nStill here?\n");

        CliAssert.Succeeded(result);
        Assert.Contains($"{file} is not a JSON array", result.Errors, StringComparison.Ordinal);
        Assert.Contains("Cannot load", result.Errors, StringComparison.Ordinal);
        Assert.Contains("Unknown command /frobnicate", result.Errors, StringComparison.Ordinal);
        Assert.Equal([("user", "Still here?")], CliAssert.Messages(Assert.Single(_server.ChatRequests())));
    }

    [Fact]
    public async Task Chat_WithRefusedKey_EndsWithExitThree()
    {
        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment("wk-not-a-real-key"), input: "Hello?\nAnyone?\n");

        var line = CliAssert.FailedWith(3, result);
        Assert.Contains("refused (401)", line, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Chat_WhenTheStreamBreaksOff_SaysSoAndExitsOne()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(UpstreamScript.Answer("One two three four five six.") with { Chunks = 6, DropAfterChunks = 2 });

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: "Count\nNever sent\n");

        var line = CliAssert.FailedWith(1, result);
        Assert.Contains("The answer is incomplete: Provider 'fake' broke off the stream", line, StringComparison.Ordinal);
        Assert.StartsWith("One two ", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("\n", result.Output, StringComparison.Ordinal);
        Assert.Single(_server.ChatRequests());
    }

    [Fact]
    public async Task Chat_AtATerminal_ShowsASpinnerThenTheReplyRenderedAsMarkdown()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(UpstreamScript.Answer("Warblers are **songbirds** with `thin` bills.") with { DelayBeforeHeaders = TimeSpan.FromMilliseconds(800) });

        var result = await CliProcess.RunAsync(["chat", "--model", "fake-model"], _server.Environment(key), input: "What is a warbler?\n/exit\n", terminal: true);

        CliAssert.Succeeded(result);
        Assert.Contains("fake-model is thinking", result.Output, StringComparison.Ordinal);
        Assert.Contains("\u001b[1msongbirds\u001b[0m", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("**songbirds**", result.Output.Replace("What is a warbler?", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("thin", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("`thin`", result.Output, StringComparison.Ordinal);
        Assert.Equal(
            [("user", "What is a warbler?")],
            CliAssert.Messages(Assert.Single(_server.ChatRequests())));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
