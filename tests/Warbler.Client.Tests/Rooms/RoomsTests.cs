using System.Net;
using Warbler.Client.Errors;
using Warbler.Contracts.Messages;
using Warbler.Contracts.Rooms;
using Warbler.Testing;

namespace Warbler.Client.Tests.Rooms;

public sealed class RoomsTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task ListBots_IncludesTheDefaultAssistant_AndGetBotReadsIt()
    {
        using var ann = await _host.SignUpAsync("ann");

        var bots = await ann.Client.ListBotsAsync();
        var assistant = Assert.Single(bots, b => b.Handle == "assistant");
        var read = await ann.Client.GetBotAsync(assistant.Id);

        Assert.Equal(assistant, read);
    }

    [Fact]
    public async Task CreateDirectRoomWithBot_ThenListRooms_ShowsItWithItsLastMessageAndUnreadCount()
    {
        using var ann = await _host.SignUpAsync("ann");

        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant", "First chat");
        var sent = await ann.Client.SendMessageAsync(room.Id, "Hello there");
        var reply = await WaitForReplyAsync(ann.Client, room.Id);
        var listed = Assert.Single(await ann.Client.ListRoomsAsync());

        Assert.True(room.IsDirect);
        Assert.Equal(("First chat", ann.Id), (room.Title, room.OwnerId));
        Assert.Equal(["assistant"], room.Bots.Select(b => b.Handle));
        Assert.Equal(room.Id, listed.Id);
        Assert.Equal(reply.Id, listed.LastMessage!.Id);
        Assert.True(reply.Id > sent.Id);
        Assert.Equal(1, listed.UnreadCount);

        await ann.Client.MarkReadAsync(room.Id, reply.Id);
        Assert.Equal(0, (await ann.Client.GetRoomAsync(room.Id)).UnreadCount);
    }

    [Fact]
    public async Task AGroupRoom_GetsMembersAndBotsAddedAndRemoved_AndARename()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        using var admin = _host.CreateAdminClient();
        var handle = $"rev{Guid.NewGuid():N}"[..20];
        using (var created = await admin.PostAsJsonAsync("/api/bots", new { name = "Reviewer", handle, model = "gpt-4o-mini" }))
        {
            created.EnsureSuccessStatusCode();
        }

        var room = await ann.Client.CreateGroupRoomAsync("Team", bots: ["assistant"]);
        var withBob = await ann.Client.AddMembersAsync(room.Id, [bob.Id]);
        var withReviewer = await ann.Client.AddBotAsync(room.Id, handle, "Be brief.");
        var withoutAssistant = await ann.Client.RemoveBotAsync(room.Id, "@assistant");
        var renamed = await ann.Client.RenameRoomAsync(room.Id, "The team");
        var seenByBob = await bob.Client.GetRoomAsync(room.Id);

        Assert.Equal(RoomKinds.Group, room.Kind);
        Assert.Equal([ann.Id, bob.Id], withBob.Members.Select(m => m.UserId).Order());
        Assert.Equal(["assistant", handle], withReviewer.Bots.Select(b => b.Handle).Order());
        Assert.Equal("Be brief.", withReviewer.Bots.Single(b => b.Handle == handle).Instructions);
        Assert.Equal([(handle, "Be brief.")], withoutAssistant.Bots.Select(b => (b.Handle, b.Instructions)));
        Assert.Equal("The team", renamed.Title);
        Assert.Equal(renamed.Bots, seenByBob.Bots);

        await bob.Client.LeaveOrDeleteRoomAsync(room.Id);
        Assert.DoesNotContain(await bob.Client.ListRoomsAsync(), r => r.Id == room.Id);
        Assert.Equal([ann.Id], (await ann.Client.GetRoomAsync(room.Id)).Members.Select(m => m.UserId));
    }

    [Fact]
    public async Task GetRoom_OfARoomTheCallerIsNotIn_Throws404WithTheServersDetail()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");
        var annsRoom = await ann.Client.CreateDirectRoomWithBotAsync("assistant");

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => bob.Client.GetRoomAsync(annsRoom.Id));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("Not found", refused.Title);
        Assert.Equal($"There is no room {annsRoom.Id} that you are a member of.", refused.Detail);
        Assert.Empty(refused.Errors);
    }

    [Fact]
    public async Task CreateDirectRoom_WithAnUnknownBot_Throws400NamingTheField()
    {
        using var ann = await _host.SignUpAsync("ann");

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => ann.Client.CreateDirectRoomWithBotAsync("no-such-bot"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("bots", refused.Errors.Keys);
    }

    [Fact]
    public async Task AddBot_ToADirectRoom_Throws400_AsADirectRoomKeepsItsTwoParticipants()
    {
        using var ann = await _host.SignUpAsync("ann");
        var room = await ann.Client.CreateDirectRoomWithBotAsync("assistant");
        using var admin = _host.CreateAdminClient();
        var handle = $"two{Guid.NewGuid():N}"[..20];
        using (var created = await admin.PostAsJsonAsync("/api/bots", new { name = "Second", handle, model = "gpt-4o-mini" }))
        {
            created.EnsureSuccessStatusCode();
        }

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => ann.Client.AddBotAsync(room.Id, handle));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["A direct room keeps its two participants; create a group room for more."], refused.Errors["bots"]);
    }

    private static async Task<Message> WaitForReplyAsync(WarblerClient client, Guid roomId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var page = await client.GetMessagesAsync(roomId, cancellationToken: deadline.Token);
            if (page.Messages.FirstOrDefault(m => m.IsFromBot && !m.IsStreaming) is { } reply)
            {
                return reply;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
