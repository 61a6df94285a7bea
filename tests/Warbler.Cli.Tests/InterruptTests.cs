using Warbler.FakeUpstream;

namespace Warbler.Cli.Tests;

/// <summary>Ctrl+C: it stops an answer; in a chat it stops the reply and the session goes on.</summary>
[Collection(WarblerServerCollection.Name)]
public sealed class InterruptTests
{
    private const string LongStory = "Once upon a time, a warbler sang at dawn in a forest of tall pines, and every bird answered.";

    private readonly WarblerServer _server;

    public InterruptTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
    }

    [Fact]
    public async Task Ask_CtrlC_StopsTheAnswerAndExits130()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(SlowAnswer());
        await using var ask = CliSession.Start(["ask", "--model", "fake-model", "Tell me a story."], _server.Environment(key));
        ask.CloseInput();

        await ask.WaitForAsync(s => s.Output.Length > 0, "the first words");
        await ask.InterruptAsync();

        Assert.Equal(130, await ask.WaitForExitAsync());
        Assert.Equal("warbler: Interrupted.\n", ask.Errors);
        Assert.StartsWith(ask.Output.TrimEnd(), LongStory, StringComparison.Ordinal);
        Assert.NotEqual(LongStory, ask.Output.TrimEnd());
        await _server.Upstream.WaitForAbortAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Chat_CtrlC_StopsTheReplyKeepsWhatArrivedAndTheSessionGoesOn()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Enqueue(SlowAnswer(), UpstreamScript.Answer("The end."));
        await using var chat = CliSession.Start(["chat", "--model", "fake-model"], _server.Environment(key));

        await chat.WriteLineAsync("Tell me a story.");
        await chat.WaitForAsync(s => s.Output.Length > 0, "the first words");
        await chat.InterruptAsync();
        await chat.WaitForAsync(s => s.Errors.Contains("(stopped)", StringComparison.Ordinal), "(stopped)");
        await chat.WriteLineAsync("And then?");
        await chat.WaitForAsync(s => s.Output.Contains("The end.", StringComparison.Ordinal), "the second reply");
        chat.CloseInput();

        Assert.Equal(0, await chat.WaitForExitAsync());
        var requests = _server.ChatRequests();
        Assert.Equal(2, requests.Count);
        var messages = CliAssert.Messages(requests[1]);
        Assert.Equal(3, messages.Count);
        Assert.Equal(("user", "Tell me a story."), messages[0]);
        Assert.Equal("assistant", messages[1].Role);
        Assert.StartsWith(messages[1].Content, LongStory, StringComparison.Ordinal);
        Assert.NotEqual(LongStory, messages[1].Content);
        Assert.NotEmpty(messages[1].Content);
        Assert.Equal(("user", "And then?"), messages[2]);
    }

    private static UpstreamScript SlowAnswer() => UpstreamScript.Answer(LongStory) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(300) };
}
