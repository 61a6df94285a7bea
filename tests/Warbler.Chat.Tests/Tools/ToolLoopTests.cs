using System.Text.Json;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Tools;

/// <summary>
/// A bot allowed tools of the sample MCP server, in a group room of two people: the model (the fake
/// upstream, scripted) asks for a tool, Warbler calls it and gives the model its result, and the
/// people in the room see each call as a step, live and in the history.
/// </summary>
public sealed class ToolLoopTests(ToolsHostFixture fixture) : IClassFixture<ToolsHostFixture>
{
    [Fact]
    public async Task Reply_BotAllowedOneTool_RunsTwoRoundsAndMembersSeeTheStepLiveAndInHistory()
    {
        var host = fixture.Fresh();
        var (ann, bob, handle, room, server) = await StartAsync(host, "multiply");
        host.Upstream.Enqueue(UpstreamScript.CallTool("multiply", """{"a":6,"b":7}"""), UpstreamScript.Answer("6 times 7 is 42."));
        await using var bobHub = await bob.ConnectAsync();

        await ann.Http.SendAsync(room, $"@{handle} what is 6 times 7?");
        var replyId = (await bobHub.WaitForAsync("messageCreated", IsFromBot)).MessageId;
        var completed = await bobHub.WaitForCompletedAsync(replyId);
        var history = await ann.Http.MessagesAsync(room);
        var requests = ChatRequests(host);

        // Round 1 offered the one allowed tool (the sample serves six more); round 2 carried its result.
        Assert.Equal(2, requests.Count);
        Assert.Equal(["multiply"], requests[0].GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()));
        Assert.Equal(["a", "b"], requests[0].GetProperty("tools")[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var result = requests[1].GetProperty("messages").EnumerateArray().Last();
        Assert.Equal(("tool", UpstreamScript.ToolCallId, "42"), (result.GetProperty("role").GetString(), result.GetProperty("tool_call_id").GetString(), result.GetProperty("content").GetString()));
        var asked = requests[1].GetProperty("messages").EnumerateArray().SkipLast(1).Last();
        Assert.Equal("multiply", asked.GetProperty("tool_calls")[0].GetProperty("function").GetProperty("name").GetString());

        // Members saw the step start and end before the reply completed.
        var events = bobHub.EventsOf(room).Where(e => e.MessageId == replyId && e.Name is "toolStep" or "messageCompleted").ToList();
        Assert.Equal(["toolStep", "toolStep", "messageCompleted"], events.Select(e => e.Name));
        Assert.Equal(
            [(0, server, "multiply", """{"a":6,"b":7}""", "running", null), (0, server, "multiply", """{"a":6,"b":7}""", "ok", "42")],
            events.Take(2).Select(e => Step(e.Args[2])));
        Assert.True(events[1].Args[2].GetProperty("durationMs").GetInt64() >= 0);

        // The reply keeps its step, sums both rounds' usage, and reads the same in the history.
        Assert.Equal(("complete", "6 times 7 is 42."), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
        Assert.Equal([(0, server, "multiply", """{"a":6,"b":7}""", "ok", "42")], completed.GetProperty("toolSteps").EnumerateArray().Select(Step));
        Assert.Equal((22, 14), (completed.GetProperty("usage").GetProperty("promptTokens").GetInt32(), completed.GetProperty("usage").GetProperty("completionTokens").GetInt32()));
        Assert.Equal(completed.GetRawText(), history.Single(m => m.GetProperty("id").GetInt64() == replyId).GetRawText());
        Assert.False(history.First().TryGetProperty("toolSteps", out _), "A message that called no tools has no toolSteps.");

        // The MCP server was sent its own token, and nothing of the user's.
        Assert.NotEmpty(fixture.Sample.Authorizations);
        Assert.All(fixture.Sample.Authorizations, authorization => Assert.Equal($"Bearer {SampleMcpHost.BearerToken}", authorization));
    }

    [Fact]
    public async Task Reply_ToolThatHangs_TimesOutIntoAReadableStepAndTheReplyStillCompletes()
    {
        var host = fixture.Fresh();
        var (ann, bob, handle, room, _) = await StartAsync(host, "wait_forever");
        host.Upstream.Enqueue(UpstreamScript.CallTool("wait_forever", "{}"), UpstreamScript.Answer("The tool did not answer, so here is my best guess."));
        await using var bobHub = await bob.ConnectAsync();

        await ann.Http.SendAsync(room, $"@{handle} wait for it");
        var replyId = (await bobHub.WaitForAsync("messageCreated", IsFromBot)).MessageId;
        var completed = await bobHub.WaitForCompletedAsync(replyId);
        var requests = ChatRequests(host);

        var timedOut = $"The tool wait_forever did not answer within {ToolsHostFixture.CallTimeout.TotalSeconds} seconds.";
        var step = completed.GetProperty("toolSteps").EnumerateArray().Single();
        Assert.Equal(("timed-out", JsonValueKind.Null, timedOut), (step.GetProperty("status").GetString(), step.GetProperty("result").ValueKind, step.GetProperty("error").GetString()));
        Assert.InRange(step.GetProperty("durationMs").GetInt64(), (long)ToolsHostFixture.CallTimeout.TotalMilliseconds - 100, long.MaxValue);
        Assert.Equal(("complete", "The tool did not answer, so here is my best guess."), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
        Assert.Equal(timedOut, requests[1].GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString());
        Assert.Equal(["running", "timed-out"], bobHub.EventsOf(room).Where(e => e.Name == "toolStep").Select(e => e.Args[2].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Reply_ModelAsksForToolsAtEveryRound_StopsAtTheRoundLimitAndSaysSo()
    {
        var host = fixture.Fresh();
        var (ann, _, handle, room, _) = await StartAsync(host, "add");
        host.Upstream.Default = UpstreamScript.CallTool("add", """{"a":1,"b":1}""");
        try
        {
            await ann.Http.SendAsync(room, $"@{handle} add one and one, again and again");
            var reply = (await ann.Http.WaitForRepliesAsync(room)).Single(IsBotReply);
            var requests = ChatRequests(host);

            Assert.Equal("complete", reply.GetProperty("status").GetString());
            Assert.EndsWith("(Stopped after 5 requests to the model, the most a reply may make with tools: ask again to go on.)", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Equal(5, requests.Count);
            Assert.All(requests.SkipLast(1), r => Assert.Equal("add", r.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString()));
            Assert.False(requests[^1].TryGetProperty("tools", out var withheld), $"The last request offered tools: {withheld}");
            Assert.Equal(4, reply.GetProperty("toolSteps").GetArrayLength());
        }
        finally
        {
            host.Upstream.Default = UpstreamScript.Answer();
        }
    }

    [Fact]
    public async Task Reply_BotWithoutTools_IsOfferedNone()
    {
        var host = fixture.Fresh();
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        var ann = await ChatMember.SignUpAsync(host, "ann");
        var room = await ann.Http.CreateRoomAsync("group", bots: [handle], title: "No tools");

        await ann.Http.SendAsync(room, $"@{handle} what is 6 times 7?");
        var reply = (await ann.Http.WaitForRepliesAsync(room)).Single(IsBotReply);

        Assert.False(ChatRequests(host).Single().TryGetProperty("tools", out _));
        Assert.False(reply.TryGetProperty("toolSteps", out _), "A reply that called no tools has no toolSteps.");
    }

    /// <summary>Two people and a new bot allowed <paramref name="tools"/> of a newly registered sample server, in a group room.</summary>
    private async Task<(ChatMember Ann, ChatMember Bob, string Handle, Guid Room, string Server)> StartAsync(GatewayHost host, params string[] tools)
    {
        var server = "sample-" + Guid.NewGuid().ToString("N")[..8];
        var serverId = await host.RegisterSampleAsync(fixture.Sample, server);
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        using var admin = host.CreateAdminClient();
        var bot = (await admin.GetFromJsonAsync<JsonElement>("/api/bots")).EnumerateArray().Single(b => b.GetProperty("handle").GetString() == handle).GetProperty("id").GetGuid();
        await host.AllowToolsAsync(bot, serverId, tools);
        return (ann, bob, handle, room, server);
    }

    private static List<JsonElement> ChatRequests(GatewayHost host) =>
        host.Upstream.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
            .Select(r => JsonDocument.Parse(r.Body).RootElement.Clone())
            .ToList();

    private static (int, string?, string?, string?, string?, string?) Step(JsonElement step) => (
        step.GetProperty("index").GetInt32(),
        step.GetProperty("server").GetString(),
        step.GetProperty("tool").GetString(),
        step.GetProperty("arguments").GetString(),
        step.GetProperty("status").GetString(),
        step.GetProperty("result").GetString());

    private static bool IsFromBot(HubEvent e) => IsBotReply(e.Message);

    private static bool IsBotReply(JsonElement message) => message.GetProperty("sender").GetProperty("type").GetString() == "bot";
}
