using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>Two people and a bot in a group room, each person connected to the hub: messages, replies streamed delta by delta, typing and read receipts.</summary>
public sealed class GroupConversationTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private const string FakeText = "Hello from the fake upstream.";

    [Fact]
    public async Task SendMessage_MentioningTheBot_TheOtherMemberSeesTheMessageThenTheReplyDeltaByDeltaThenCompleted()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer() with { ChunkDelay = TimeSpan.FromMilliseconds(20) };
        var (ann, bob, handle, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();

        var sent = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} what is a warbler?", "c1", null);
        var replyId = (await bobHub.WaitForAsync("messageCreated", IsFromBot)).MessageId;
        var completed = await bobHub.WaitForCompletedAsync(replyId);
        var stored = await ann.Http.MessagesAsync(room);

        Assert.Equal(("complete", $"@{handle} what is a warbler?", "c1"), (sent.GetProperty("status").GetString(), sent.GetProperty("text").GetString(), sent.GetProperty("clientMessageId").GetString()));
        Assert.Equal(stored[0].GetRawText(), sent.GetRawText());
        var events = bobHub.EventsOf(room);
        var deltas = events.Where(e => e.Name == "messageDelta").ToList();
        Assert.Equal(["messageCreated", "messageCreated", .. deltas.Select(_ => "messageDelta"), "messageCompleted"], events.Select(e => e.Name));
        Assert.True(deltas.Count >= 2, $"The reply came in {deltas.Count} delta(s).");
        Assert.Equal(sent.GetRawText(), events[0].Message.GetRawText());
        Assert.Equal(("streaming", "", sent.GetProperty("id").GetInt64()), (events[1].Message.GetProperty("status").GetString(), events[1].Message.GetProperty("text").GetString(), events[1].Message.GetProperty("replyTo").GetInt64()));
        Assert.All(deltas, d => Assert.Equal((room, replyId), (d.Args[0].GetGuid(), d.MessageId)));
        Assert.Equal(FakeText, string.Concat(deltas.Select(d => d.Args[2].GetString())));
        Assert.Equal(("complete", FakeText), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
        Assert.Equal(stored[1].GetRawText(), completed.GetRawText());
        await annHub.WaitForCompletedAsync(replyId);
        Assert.Equal(events.Select(e => (e.Name, string.Join('|', e.Args.Select(a => a.GetRawText())))), annHub.EventsOf(room).Select(e => (e.Name, string.Join('|', e.Args.Select(a => a.GetRawText())))));
    }

    [Fact]
    public async Task TypingAndMarkRead_AreSeenByTheOtherMember_AndUnreadCountsFollow()
    {
        var host = fixture.Fresh();
        var (ann, bob, handle, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();
        var sent = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} hello", "c1", null);
        var replyId = (await bobHub.WaitForAsync("messageCreated", IsFromBot)).MessageId;
        await bobHub.WaitForCompletedAsync(replyId);

        await bobHub.Connection.InvokeAsync("Typing", room);
        var bobTyping = await annHub.WaitForAsync("typing");
        await annHub.Connection.InvokeAsync("Typing", room);
        var annTyping = await bobHub.WaitForAsync("typing");

        Assert.Equal((room, bob.Id), (bobTyping.Args[0].GetGuid(), bobTyping.Args[1].GetGuid()));
        Assert.Equal((room, ann.Id), (annTyping.Args[0].GetGuid(), annTyping.Args[1].GetGuid()));
        Assert.Single(bobHub.Events, e => e.Name == "typing");
        Assert.Equal((1, 2), (await UnreadAsync(ann, room), await UnreadAsync(bob, room)));

        await bobHub.Connection.InvokeAsync("MarkRead", room, replyId);
        var bobsReceiptSeenByAnn = await annHub.WaitForAsync("readReceipt");
        var bobsReceiptSeenByBob = await bobHub.WaitForAsync("readReceipt");
        await annHub.Connection.InvokeAsync("MarkRead", room, replyId);
        var annsReceipt = await bobHub.WaitForAsync("readReceipt", e => e.Args[1].GetGuid() == ann.Id);

        Assert.All([bobsReceiptSeenByAnn, bobsReceiptSeenByBob], r => Assert.Equal((room, bob.Id, replyId), (r.Args[0].GetGuid(), r.Args[1].GetGuid(), r.Args[2].GetInt64())));
        Assert.Equal((room, ann.Id, replyId), (annsReceipt.Args[0].GetGuid(), annsReceipt.Args[1].GetGuid(), annsReceipt.Args[2].GetInt64()));
        Assert.Equal((0, 0), (await UnreadAsync(ann, room), await UnreadAsync(bob, room)));

        // Read positions only move forward: marking an older message changes nothing and tells nobody
        // (a message sent after it is relayed after anything it would have told).
        await bobHub.Connection.InvokeAsync("MarkRead", room, sent.GetProperty("id").GetInt64());
        await bob.Http.SendAsync(room, "Afterwards");
        await annHub.WaitForAsync("messageCreated", e => e.Message.GetProperty("text").GetString() == "Afterwards");
        Assert.Equal(2, annHub.Events.Count(e => e.Name == "readReceipt"));
        Assert.Equal(0, await UnreadAsync(bob, room));
    }

    [Fact]
    public async Task RestCalls_AreBroadcastOnce_ToEveryConnectionOfEveryMember()
    {
        var host = fixture.Fresh();
        var (ann, bob, handle, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobPhone = await bob.ConnectAsync();
        await using var bobLaptop = await bob.ConnectAsync();

        var sent = await ann.Http.SendAsync(room, "Hello over REST");
        var id = sent.GetProperty("id").GetInt64();
        using var edit = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}/messages/{id}", new { text = "Hello again" });
        using var read = await bob.Http.PostAsJsonAsync($"/api/rooms/{room}/read", new { messageId = id });
        using var retitle = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}", new { title = "Warblers" });
        using var recall = await ann.Http.DeleteAsync($"/api/rooms/{room}/messages/{id}");
        string[] expected = ["messageCreated", "messageUpdated", "readReceipt", "roomUpdated", "messageDeleted"];

        Assert.All([edit, read, retitle, recall], r => Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage!.Method} {r.RequestMessage.RequestUri}: {(int)r.StatusCode}"));
        foreach (var hub in (HubClient[])[annHub, bobPhone, bobLaptop])
        {
            var events = await hub.WaitUntilAsync(events => events.Count >= expected.Length, "the REST changes");
            Assert.Equal(expected, events.Select(e => e.Name));
            Assert.Equal(sent.GetRawText(), events[0].Message.GetRawText());
            Assert.Equal(("Hello again", 2), (events[1].Message.GetProperty("text").GetString(), events[1].Message.GetProperty("version").GetInt32()));
            Assert.Equal((room, bob.Id, id), (events[2].Args[0].GetGuid(), events[2].Args[1].GetGuid(), events[2].Args[2].GetInt64()));
            Assert.Equal(("Warblers", 2), (events[3].Message.GetProperty("title").GetString(), events[3].Message.GetProperty("members").GetArrayLength()));
            Assert.Equal((room, id), (events[4].Args[0].GetGuid(), events[4].MessageId));
        }

        // A direct bot reply started over REST streams to the hub as well.
        await ann.Http.SendAsync(room, $"@{handle} and you?");
        var reply = await bobPhone.WaitForAsync("messageCompleted");
        Assert.Equal(FakeText, reply.Message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task SendMessage_RetriedWithTheSameClientMessageId_ReturnsTheStoredMessageAndBroadcastsItOnce()
    {
        var host = fixture.Fresh();
        var (ann, bob, _, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();

        var first = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Once", "same-id", null);
        var again = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Once", "same-id", null);
        await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Then this", "next-id", first.GetProperty("id").GetInt64());
        var events = await bobHub.WaitUntilAsync(events => events.Any(e => e.Message.GetProperty("text").GetString() == "Then this"), "the second message");

        Assert.Equal(first.GetRawText(), again.GetRawText());
        Assert.Equal(["Once", "Then this"], events.Select(e => e.Message.GetProperty("text").GetString()));
        Assert.Equal(2, (await ann.Http.MessagesAsync(room)).Count);
    }

    [Theory]
    [InlineData("", "c1", null, "A message needs some text.")]
    [InlineData("   ", "c1", null, "A message needs some text.")]
    [InlineData("x", "", null, "Give each message an id of your own (1 to 100 characters), so a retried send is stored once.")]
    [InlineData("x", null, null, "Give each message an id of your own (1 to 100 characters), so a retried send is stored once.")]
    [InlineData("x", "c1", 999_999L, "There is no message 999999 in this room.")]
    public async Task SendMessage_Invalid_IsRefusedWithAHubExceptionSayingWhy(string text, string? clientMessageId, long? replyTo, string expected)
    {
        var host = fixture.Fresh();
        var (ann, _, _, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, text, clientMessageId, replyTo));

        Assert.EndsWith(expected, refused.Message, StringComparison.Ordinal);
        Assert.Empty(await ann.Http.MessagesAsync(room));
    }

    [Fact]
    public async Task SendMessage_LongerThanTheLimit_IsRefusedWithTheLimit()
    {
        await using var host = await GatewayHost.StartAsync(configure: settings => settings["Chat:MaxMessageLength"] = "10");
        var (ann, _, _, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "twelve chars", "c1", null));

        Assert.EndsWith("A message may be at most 10 characters (this one has 12).", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_AsLongAsTheLimitAllows_IsAcceptedWhateverItsCharacters()
    {
        var host = fixture.Fresh();
        var (ann, _, _, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        var longest = new string('é', 32_000);

        var sent = await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, longest, "c1", null);

        Assert.Equal(longest, sent.GetProperty("text").GetString());
    }

    [Fact]
    public async Task StopReply_WhileItStreams_KeepsWhatWasWrittenAndEveryoneSeesItStopped()
    {
        var host = fixture.Fresh();
        host.Upstream.Default = UpstreamScript.Answer(string.Concat(Enumerable.Range(1, 40).Select(i => $"w{i} "))) with { Chunks = 40, ChunkDelay = TimeSpan.FromMilliseconds(50) };
        var (ann, bob, handle, room) = await StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();
        await annHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, $"@{handle} count", "c1", null);
        var replyId = (await bobHub.WaitForAsync("messageDelta")).MessageId;

        var stopped = await bobHub.Connection.InvokeAsync<JsonElement>("StopReply", room, replyId);
        var completed = await annHub.WaitForCompletedAsync(replyId);

        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.Equal(stopped.GetRawText(), completed.GetRawText());
        Assert.Equal(completed.GetProperty("text").GetString(), string.Concat(annHub.EventsOf(room).Where(e => e.Name == "messageDelta").Select(e => e.Args[2].GetString())));
    }

    [Fact]
    public async Task Rest_GetRooms_IsNotFoundForAHubTokenInTheQuery()
    {
        var host = fixture.Fresh();
        using var ann = await ChatMember.SignUpAsync(host, "ann");
        using var anonymous = host.CreateClient(key: null);

        using var response = await anonymous.GetAsync($"/api/rooms?access_token={Uri.EscapeDataString(ann.Tokens.AccessToken)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static bool IsFromBot(HubEvent e) => e.Message.GetProperty("sender").GetProperty("type").GetString() == "bot";

    /// <summary>Ann, Bob and a new bot in a group room Ann made.</summary>
    internal static async Task<(ChatMember Ann, ChatMember Bob, string Handle, Guid Room)> StartGroupRoomAsync(GatewayHost host)
    {
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        var ann = await ChatMember.SignUpAsync(host, "ann");
        var bob = await ChatMember.SignUpAsync(host, "bob");
        var room = await ann.Http.CreateRoomAsync("group", members: [bob.Id], bots: [handle], title: "Birds");
        return (ann, bob, handle, room);
    }

    private static async Task<int> UnreadAsync(ChatMember member, Guid room)
    {
        var rooms = await member.Http.GetFromJsonAsync<JsonElement>("/api/rooms");
        return rooms.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == room).GetProperty("unreadCount").GetInt32();
    }
}
