using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>
/// A connection dropped in the middle of a conversation catches up when it comes back, with nothing
/// missing and nothing doubled. The tests share one host; each has users and a room of its own.
/// </summary>
public sealed class ReconnectTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task CatchUp_AfterADropInTheMiddleOfAReply_GivesEverythingMissedOnce()
    {
        var host = fixture.Fresh();
        var slow = UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 20).Select(i => $"w{i} "))) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(30) };
        host.Upstream.Enqueue(slow, UpstreamScript.Answer("The second answer."));
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        var bobHub = await bob.ConnectAsync();

        // Bob sees Ann's question and the start of the reply, then his connection drops.
        await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} count to twenty", "c1", null);
        var firstReply = (await bobHub.WaitForAsync("messageDelta")).MessageId;
        await bobHub.DisposeAsync();
        var bobsView = new ClientView();
        bobsView.Apply(bobHub.Events);
        var lastSeen = bobsView.NewestId;
        var replyAsLeft = bobsView.Get(firstReply);

        // Meanwhile the reply finishes, Ann writes on, and the bot answers again.
        await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "While Bob is away", "c2", null);
        await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} once more", "c3", null);
        await annHub.WaitUntilAsync(events => events.Count(e => e.Name == "messageCompleted") == 2, "both replies finished");

        // Bob comes back: a new connection, and one catch-up call for the room.
        await using var bobAgain = await bob.ConnectAsync();
        var page = await bobAgain.Connection.InvokeAsync<JsonElement>("CatchUp", room, lastSeen);
        var caughtUp = page.GetProperty("messages").EnumerateArray().ToList();
        bobsView.Apply(caughtUp);
        var history = await ann.Http.MessagesAsync(room);

        Assert.Equal("streaming", replyAsLeft.GetProperty("status").GetString());
        Assert.NotEqual("", replyAsLeft.GetProperty("text").GetString());
        Assert.False(page.GetProperty("hasMore").GetBoolean());
        Assert.Equal(caughtUp.Select(m => m.GetProperty("id").GetInt64()).Distinct(), caughtUp.Select(m => m.GetProperty("id").GetInt64()));
        Assert.Contains(caughtUp, m => m.GetProperty("id").GetInt64() == firstReply && m.GetProperty("status").GetString() == "complete");
        Assert.Equal(5, history.Count);
        Assert.Equal(history.Select(m => m.GetRawText()), bobsView.Messages.Select(m => m.GetRawText()));

        // From now on each new message arrives once, live.
        var welcome = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Welcome back", "c4", null);
        await bobAgain.WaitForAsync("messageCreated", e => e.MessageId == welcome.GetProperty("id").GetInt64());
        Assert.Single(bobAgain.Events, e => e.Name == "messageCreated");
        Assert.DoesNotContain(caughtUp, m => m.GetProperty("id").GetInt64() == welcome.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task CatchUp_FromTheNewestMessage_GivesOnlyWhatChangedOrCameAfter()
    {
        var host = fixture.Fresh();
        var (ann, _, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        var first = await ann.Http.SendAsync(room, "One");
        var second = await ann.Http.SendAsync(room, "Two");

        var nothingNew = await annHub.Connection.InvokeAsync<JsonElement>("CatchUp", room, second.GetProperty("id").GetInt64());
        using var edit = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}/messages/{first.GetProperty("id").GetInt64()}", new { text = "One, edited" });
        var afterTheEdit = await annHub.Connection.InvokeAsync<JsonElement>("CatchUp", room, second.GetProperty("id").GetInt64());
        var fromTheStart = await annHub.Connection.InvokeAsync<JsonElement>("CatchUp", room, 0L);

        Assert.Empty(nothingNew.GetProperty("messages").EnumerateArray());
        Assert.Equal(["One, edited"], afterTheEdit.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(["One, edited", "Two"], fromTheStart.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    /// <summary>What a client shows of a room, built as docs/chat/real-time.md's recipe says: one copy per message id, the newer replacing the older.</summary>
    private sealed class ClientView
    {
        private readonly SortedDictionary<long, JsonElement> _messages = [];

        public IEnumerable<JsonElement> Messages => _messages.Values;

        public long NewestId => _messages.Keys.Max();

        public void Apply(IEnumerable<HubEvent> events)
        {
            foreach (var e in events)
            {
                switch (e.Name)
                {
                    case "messageCreated" or "messageCompleted" or "messageUpdated":
                        Put(e.Message);
                        break;
                    case "messageDelta" when _messages.TryGetValue(e.MessageId, out var reply):
                        // A client appends deltas to the reply's text; the stored reply replaces it when it completes.
                        var withText = JsonSerializer.SerializeToNode(reply)!.AsObject();
                        withText["text"] = withText["text"]!.GetValue<string>() + e.Args[2].GetString();
                        Put(JsonSerializer.SerializeToElement(withText));
                        break;
                }
            }
        }

        public void Apply(IEnumerable<JsonElement> messages)
        {
            foreach (var message in messages)
            {
                Put(message);
            }
        }

        public JsonElement Get(long id) => _messages[id];

        private void Put(JsonElement message) => _messages[message.GetProperty("id").GetInt64()] = message;
    }
}
