using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>People connected to different servers of one installation talk as if there were one.</summary>
public sealed class ClusterChatTests
{
    private const string FakeText = "Hello from the fake upstream.";

    [RedisFact]
    public async Task MessageAndBotReplyPostedOnA_ReachAMemberConnectedToB_Live()
    {
        await using var nodes = await ClusterNodes.StartAsync();
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(nodes.A);
        await using var annOnA = await ann.ConnectAsync();
        await using var bobOnB = await HubClient.ConnectAsync(nodes.B, bob.Tokens.AccessToken);

        var sent = await ann.Http.SendAsync(room, $"@{handle} what is a warbler?");
        var replyId = (await bobOnB.WaitForAsync("messageCreated", e => e.Message.GetProperty("sender").GetProperty("type").GetString() == "bot")).MessageId;
        var completed = await bobOnB.WaitForCompletedAsync(replyId);
        await annOnA.WaitForCompletedAsync(replyId);
        var stored = await ann.Http.MessagesAsync(room);

        var events = bobOnB.EventsOf(room);
        Assert.Equal(sent.GetRawText(), events[0].Message.GetRawText());
        Assert.Equal(("complete", FakeText), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
        Assert.Equal(stored[1].GetRawText(), completed.GetRawText());
        Assert.Equal(FakeText, string.Concat(events.Where(e => e.Name == "messageDelta").Select(e => e.Args[2].GetString())));

        // Bob sees exactly what Ann, on the server that did the work, sees: each event once, in order.
        Assert.Equal(Describe(annOnA.EventsOf(room)), Describe(events));
    }

    [RedisFact]
    public async Task MemberAddedOnA_TheirConnectionOnB_JoinsTheRoomWithinASecond()
    {
        await using var nodes = await ClusterNodes.StartAsync();
        var (ann, _, _, room) = await GroupConversationTests.StartGroupRoomAsync(nodes.A);
        using var carol = await ChatMember.SignUpAsync(nodes.B, "carol");
        await using var carolOnB = await HubClient.ConnectAsync(nodes.B, carol.Tokens.AccessToken);

        using var added = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}", new { addMembers = new[] { carol.Id } });
        Assert.True(added.IsSuccessStatusCode, $"Adding Carol: {(int)added.StatusCode}");
        var clock = Stopwatch.StartNew();

        // Ann keeps writing on A until Carol's connection on B has joined the room's group.
        var first = 0L;
        for (var attempt = 0; first == 0 && clock.Elapsed < TimeSpan.FromSeconds(5); attempt++)
        {
            var ping = (await ann.Http.SendAsync(room, $"ping {attempt}")).GetProperty("id").GetInt64();
            var seen = carolOnB.Events.Any(e => e.Name == "messageCreated");
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            while (!seen && !wait.IsCancellationRequested)
            {
                await Task.Delay(10, CancellationToken.None);
                seen = carolOnB.Events.Any(e => e.Name == "messageCreated");
            }

            first = seen ? ping : 0;
        }

        var joinedAfter = clock.Elapsed;
        var welcome = (await ann.Http.SendAsync(room, "Welcome, Carol")).GetProperty("id").GetInt64();
        await carolOnB.WaitForAsync("messageCreated", e => e.MessageId == welcome);

        Assert.True(first != 0, "Carol's connection on B never received the room's messages.");
        Assert.True(joinedAfter < TimeSpan.FromSeconds(1.5), $"Carol's connection on B joined the room {joinedAfter.TotalMilliseconds:F0} ms after she was added on A.");
        Assert.Single(carolOnB.Events, e => e.Name == "messageCreated" && e.MessageId == welcome);
    }

    [RedisFact]
    public async Task NodeAStopsMidConversation_ItsClientReconnectsToB_AndCatchesUpWithNothingLostOrDoubled()
    {
        await using var nodes = await ClusterNodes.StartAsync();
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(nodes.B);
        await using var annOnB = await ann.ConnectAsync();
        var bobOnA = await HubClient.ConnectAsync(nodes.A, bob.Tokens.AccessToken);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bobOnA.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        // Bob, on A, follows the start of the conversation held on B.
        var question = await annOnB.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} hello", "c1", null);
        var firstReply = (await bobOnA.WaitForAsync("messageCreated", e => e.Message.GetProperty("sender").GetProperty("type").GetString() == "bot")).MessageId;
        await bobOnA.WaitForCompletedAsync(firstReply);

        // A goes away; Bob's connection closes.
        await nodes.StopAAsync();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var bobsView = new Dictionary<long, JsonElement>();
        Apply(bobsView, bobOnA.Events);
        var lastSeen = bobsView.Keys.Max();

        // The conversation goes on without him.
        await annOnB.Connection.InvokeAsync<JsonElement>("SendMessage", room, "While Bob is away", "c2", null);
        await annOnB.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} once more", "c3", null);
        await annOnB.WaitUntilAsync(events => events.Count(e => e.Name == "messageCompleted") == 2, "both replies finished");

        // Bob's client connects again, now to B, and catches up from the newest message it has.
        await using var bobOnB = await HubClient.ConnectAsync(nodes.B, bob.Tokens.AccessToken);
        var page = await bobOnB.Connection.InvokeAsync<JsonElement>("CatchUp", room, lastSeen);
        var caughtUp = page.GetProperty("messages").EnumerateArray().ToList();
        foreach (var message in caughtUp)
        {
            bobsView[message.GetProperty("id").GetInt64()] = message;
        }

        var history = await ann.Http.MessagesAsync(room);
        Assert.Equal(question.GetRawText(), history[0].GetRawText());
        Assert.Equal(5, history.Count);
        Assert.Equal(caughtUp.Select(m => m.GetProperty("id").GetInt64()).Distinct(), caughtUp.Select(m => m.GetProperty("id").GetInt64()));
        Assert.Equal(history.Select(m => m.GetRawText()), bobsView.OrderBy(p => p.Key).Select(p => p.Value.GetRawText()));

        // From now on each new message reaches him once, live, on B.
        var welcome = await annOnB.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Welcome back", "c4", null);
        await bobOnB.WaitForAsync("messageCreated", e => e.MessageId == welcome.GetProperty("id").GetInt64());
        Assert.Single(bobOnB.Events, e => e.Name == "messageCreated");
        await bobOnA.DisposeAsync();
    }

    [RedisFact]
    public async Task StopAskedOnB_StopsTheReplyThatAIsWriting()
    {
        await using var nodes = await ClusterNodes.StartAsync();
        var fullText = string.Concat(Enumerable.Range(1, 40).Select(i => $"w{i} "));
        nodes.A.Upstream.Enqueue(FakeUpstream.UpstreamScript.Answer(fullText) with { Chunks = 40, ChunkDelay = TimeSpan.FromMilliseconds(100) });
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(nodes.A);
        await using var bobOnB = await HubClient.ConnectAsync(nodes.B, bob.Tokens.AccessToken);
        using var bobsHttpOnB = Warbler.Testing.ChatUsers.CreateClient(nodes.B, bob.Tokens);

        await ann.Http.SendAsync(room, $"@{handle} count to forty");
        var replyId = (await bobOnB.WaitForAsync("messageDelta")).MessageId;
        using var stop = await bobsHttpOnB.PostAsync($"/api/rooms/{room}/messages/{replyId}/stop", null);
        var completed = await bobOnB.WaitForCompletedAsync(replyId);

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("stopped", completed.GetProperty("status").GetString());
        Assert.NotEqual(fullText, completed.GetProperty("text").GetString());
        Assert.Equal(completed.GetRawText(), (await ann.Http.MessagesAsync(room)).Single(m => m.GetProperty("id").GetInt64() == replyId).GetRawText());
    }

    [RedisFact]
    public async Task ServerStartingWhileAnotherWritesAReply_LeavesTheReplyBeingWritten()
    {
        await using var nodes = await ClusterNodes.StartAsync();
        var fullText = string.Concat(Enumerable.Range(1, 80).Select(i => $"w{i} "));
        nodes.A.Upstream.Enqueue(FakeUpstream.UpstreamScript.Answer(fullText) with { Chunks = 80, ChunkDelay = TimeSpan.FromMilliseconds(100) });
        var (ann, _, handle, room) = await GroupConversationTests.StartGroupRoomAsync(nodes.A);
        await using var annOnA = await ann.ConnectAsync();

        await ann.Http.SendAsync(room, $"@{handle} count to eighty");
        var replyId = (await annOnA.WaitForAsync("messageDelta")).MessageId;
        await nodes.StartAnotherAsync();
        var whileWriting = (await ann.Http.MessagesAsync(room)).Single(m => m.GetProperty("id").GetInt64() == replyId);
        var completed = await annOnA.WaitForCompletedAsync(replyId);

        Assert.Equal("streaming", whileWriting.GetProperty("status").GetString());
        Assert.Equal(("complete", fullText), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
        var stored = (await ann.Http.MessagesAsync(room)).Single(m => m.GetProperty("id").GetInt64() == replyId);
        Assert.False(stored.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null, $"The reply carries an error: {stored}");
    }

    private static void Apply(Dictionary<long, JsonElement> view, IEnumerable<HubEvent> events)
    {
        foreach (var e in events.Where(e => e.Name is "messageCreated" or "messageCompleted" or "messageUpdated"))
        {
            view[e.MessageId] = e.Message;
        }
    }

    private static List<string> Describe(IEnumerable<HubEvent> events) =>
        events.Select(e => e.Name + ":" + string.Join('|', e.Args.Select(a => a.GetRawText()))).ToList();
}
