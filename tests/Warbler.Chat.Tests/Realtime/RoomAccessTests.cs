using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Realtime;

/// <summary>Who receives a room's events and may act in it over the hub: its members only, from the moment they join until they leave.</summary>
public sealed class RoomAccessTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task NonMember_ReceivesNothingOfTheRoom_AndEveryCallIsRefused()
    {
        var host = fixture.Fresh();
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        using var carol = await ChatMember.SignUpAsync(host, "carol");
        var side = await ann.Http.CreateRoomAsync("group", members: [carol.Id]);
        await using var bobHub = await bob.ConnectAsync();
        await using var carolHub = await carol.ConnectAsync();

        await ann.Http.SendAsync(room, $"@{handle} hello");
        await bobHub.WaitForAsync("messageCompleted");
        await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/read", new { messageId = (await ann.Http.MessagesAsync(room))[1].GetProperty("id").GetInt64() });
        await ann.Http.SendAsync(side, "Meanwhile, in another room");
        await carolHub.WaitForAsync("messageCreated", e => e.RoomId == side);
        var message = (await ann.Http.MessagesAsync(room))[0].GetProperty("id").GetInt64();
        var calls = new (string Method, object?[] Args)[]
        {
            ("SendMessage", [room, "Let me in", "c1", null]),
            ("Typing", [room]),
            ("MarkRead", [room, message]),
            ("StopReply", [room, message]),
            ("RecallMessage", [room, message]),
            ("CatchUp", [room, 0L]),
        };

        Assert.Empty(carolHub.EventsOf(room));
        foreach (var (method, args) in calls)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => carolHub.Connection.InvokeCoreAsync(method, args));
            Assert.EndsWith($"There is no room {room} that you are a member of.", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, (await ann.Http.MessagesAsync(room)).Count);
        Assert.Empty(carolHub.EventsOf(room));
    }

    [Fact]
    public async Task Leave_TheLeaverGetsRoomRemovedThenNothingMore_AndCanNoLongerSend()
    {
        var host = fixture.Fresh();
        var (ann, bob, handle, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        var side = await ann.Http.CreateRoomAsync("group", members: [bob.Id]);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();
        await ann.Http.SendAsync(room, "Before Bob leaves");
        await bobHub.WaitForAsync("messageCreated");

        using var leave = await bob.Http.DeleteAsync($"/api/rooms/{room}");
        var removed = await bobHub.WaitForAsync("roomRemoved");
        // Events of the rooms' creation may still be on their way: wait for this room's update without Bob.
        var updated = await annHub.WaitForAsync("roomUpdated", e => e.RoomId == room && e.Message.GetProperty("members").GetArrayLength() == 1);
        var seenBeforeLeaving = bobHub.EventsOf(room).Count;
        await ann.Http.SendAsync(room, $"@{handle} after Bob left");
        await annHub.WaitForAsync("messageCompleted");
        await annHub.Connection.InvokeAsync("Typing", room);
        await ann.Http.SendAsync(side, "Still here, Bob?");
        await bobHub.WaitForAsync("messageCreated", e => e.RoomId == side);

        Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        Assert.Equal(room, removed.Args[0].GetGuid());
        Assert.Equal([ann.Id], updated.Message.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()));
        Assert.Equal(seenBeforeLeaving, bobHub.EventsOf(room).Count);
        var refused = await Assert.ThrowsAsync<HubException>(() => bobHub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Let me back", "c1", null));
        Assert.EndsWith($"There is no room {room} that you are a member of.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ByTheOwner_EveryMembersConnectionsGetRoomRemoved()
    {
        var host = fixture.Fresh();
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();

        using var delete = await ann.Http.DeleteAsync($"/api/rooms/{room}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(room, (await annHub.WaitForAsync("roomRemoved")).Args[0].GetGuid());
        Assert.Equal(room, (await bobHub.WaitForAsync("roomRemoved")).Args[0].GetGuid());
    }

    [Fact]
    public async Task NewRoomsAndNewMembers_JoinLive_WithoutReconnecting()
    {
        var host = fixture.Fresh();
        using var ann = await ChatMember.SignUpAsync(host, "ann");
        using var bob = await ChatMember.SignUpAsync(host, "bob");
        using var carol = await ChatMember.SignUpAsync(host, "carol");
        await using var annHub = await ann.ConnectAsync();
        await using var bobHub = await bob.ConnectAsync();
        await using var carolHub = await carol.ConnectAsync();

        var room = await ann.Http.CreateRoomAsync("group", members: [bob.Id], title: "New");
        var bobSawTheRoom = await bobHub.WaitForAsync("roomUpdated");
        await annHub.WaitForAsync("roomUpdated");
        var first = await ann.Http.SendAsync(room, "First");
        await bobHub.WaitForAsync("messageCreated");
        using var add = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}", new { addMembers = new[] { carol.Id } });
        var carolSawTheRoom = await carolHub.WaitForAsync("roomUpdated");
        await ann.Http.SendAsync(room, "Welcome, Carol");
        var carolsFirst = await carolHub.WaitForAsync("messageCreated");

        Assert.Equal(("New", 2, 0), (bobSawTheRoom.Message.GetProperty("title").GetString(), bobSawTheRoom.Message.GetProperty("members").GetArrayLength(), bobSawTheRoom.Message.GetProperty("unreadCount").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        Assert.Equal((room, 3), (carolSawTheRoom.Message.GetProperty("id").GetGuid(), carolSawTheRoom.Message.GetProperty("members").GetArrayLength()));
        Assert.Equal("Welcome, Carol", carolsFirst.Message.GetProperty("text").GetString());
        Assert.DoesNotContain(carolHub.Events, e => e.Name == "messageCreated" && e.MessageId == first.GetProperty("id").GetInt64());
        var bobsEvents = await bobHub.WaitUntilAsync(events => events.Count(e => e.Name == "messageCreated") == 2, "both messages");
        Assert.Equal(["roomUpdated", "messageCreated", "roomUpdated", "messageCreated"], bobsEvents.Select(e => e.Name));
    }

    [Fact]
    public async Task ChatEndpoint_NewConversation_IsJoinedLive()
    {
        var host = fixture.Fresh();
        using var ann = await ChatMember.SignUpAsync(host, "ann");
        await using var annHub = await ann.ConnectAsync();

        using var response = await ann.Http.PostAsJsonAsync("/chat", new { message = "Hi" });
        var conversation = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("conversationId").GetGuid();
        var events = await annHub.WaitUntilAsync(events => events.Any(e => e.Name == "messageCompleted"), "the reply");

        Assert.Equal(["roomUpdated", "messageCreated", "messageCreated"], events.Select(e => e.Name).Where(n => n is "roomUpdated" or "messageCreated"));
        Assert.All(events, e => Assert.Equal(conversation, e.RoomId));
    }

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task Connect_OverEachTransportWithTheBearerToken_ReceivesTheRoomsEvents(HttpTransportType transport)
    {
        var host = fixture.Fresh();
        var (ann, bob, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        await using var bobHub = await bob.ConnectAsync(transport);

        var sent = await ann.Http.SendAsync(room, "Over any transport");

        Assert.Equal(sent.GetRawText(), (await bobHub.WaitForAsync("messageCreated")).Message.GetRawText());
    }

    [Fact]
    public async Task Connect_WithTheSignInCookie_ReceivesTheRoomsEvents()
    {
        var host = fixture.Fresh();
        var (ann, _, _, room) = await GroupConversationTests.StartGroupRoomAsync(host);
        var email = ChatUsers.NewEmail("cookie");
        await host.RegisterAsync(email);
        using var browser = host.CreateClient(key: null);
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password });
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        me.Headers.Add("Cookie", cookie);
        var userId = (await (await browser.SendAsync(me)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var add = await ann.Http.PatchAsJsonAsync($"/api/rooms/{room}", new { addMembers = new[] { userId } });
        var connection = HubClient.Build(host, HttpTransportType.LongPolling, options => options.Headers["Cookie"] = cookie);
        await using var hub = await HubClient.StartAsync(connection);

        await ann.Http.SendAsync(room, "Hello, cookie");

        Assert.Equal("Hello, cookie", (await hub.WaitForAsync("messageCreated")).Message.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(HttpTransportType.LongPolling, null)]
    [InlineData(HttpTransportType.LongPolling, "not-a-token")]
    [InlineData(HttpTransportType.WebSockets, "not-a-token")]
    public async Task Connect_WithoutAValidToken_IsRefused(HttpTransportType transport, string? token)
    {
        var host = fixture.Fresh();
        await using var connection = transport == HttpTransportType.WebSockets
            ? HubClient.Build(host, transport, queryToken: token)
            : HubClient.Build(host, transport, options => options.AccessTokenProvider = () => Task.FromResult(token));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }
}
