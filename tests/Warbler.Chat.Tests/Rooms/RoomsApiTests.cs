using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary><c>/api/rooms</c>: what a room may be, who is in it, how rooms are listed, changed, left and deleted.</summary>
public sealed class RoomsApiTests(RoomsCallersFixture fixture) : IClassFixture<RoomsCallersFixture>
{
    private GatewayHost Host => fixture.Host;

    private HttpClient Ann => fixture.Ann;

    private HttpClient Bob => fixture.Bob;

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static JsonArray Ids(params Guid[] ids) => [.. ids.Select(id => JsonValue.Create(id))];

    private static JsonArray Names(params string[] names) => [.. names.Select(name => JsonValue.Create(name))];

    [Theory]
    [InlineData("kind left out", "kind")]
    [InlineData("kind not direct or group", "kind")]
    [InlineData("kind not a string", "kind")]
    [InlineData("direct with nobody else", "members")]
    [InlineData("direct with only yourself", "members")]
    [InlineData("direct with two other users", "members")]
    [InlineData("direct with a user and a bot", "members")]
    [InlineData("direct with two bots", "members")]
    [InlineData("an unknown member", "members")]
    [InlineData("an unknown bot handle", "bots")]
    [InlineData("a title of 201 characters", "title")]
    [InlineData("a title with a control character", "title")]
    public async Task Create_Invalid_Returns400NamingTheFieldAndMakesNoRoom(string invalid, string field)
    {
        var otherBot = RoomsClient.NewHandle();
        await Host.CreateBotAsync(otherBot);
        var body = invalid switch
        {
            "kind left out" => new JsonObject { ["members"] = Ids(fixture.BobId) },
            "kind not direct or group" => new JsonObject { ["kind"] = "channel", ["members"] = Ids(fixture.BobId) },
            "kind not a string" => new JsonObject { ["kind"] = 1, ["members"] = Ids(fixture.BobId) },
            "direct with nobody else" => new JsonObject { ["kind"] = "direct" },
            "direct with only yourself" => new JsonObject { ["kind"] = "direct", ["members"] = Ids(fixture.AnnId) },
            "direct with two other users" => new JsonObject { ["kind"] = "direct", ["members"] = Ids(fixture.BobId, fixture.AdminId) },
            "direct with a user and a bot" => new JsonObject { ["kind"] = "direct", ["members"] = Ids(fixture.BobId), ["bots"] = Names(fixture.BotHandle) },
            "direct with two bots" => new JsonObject { ["kind"] = "direct", ["bots"] = Names(fixture.BotHandle, otherBot) },
            "an unknown member" => new JsonObject { ["kind"] = "group", ["members"] = Ids(fixture.BobId, Guid.NewGuid()) },
            "an unknown bot handle" => new JsonObject { ["kind"] = "group", ["bots"] = Names(fixture.BotHandle, "no-such-bot") },
            "a title of 201 characters" => new JsonObject { ["kind"] = "group", ["title"] = new string('t', 201) },
            "a title with a control character" => new JsonObject { ["kind"] = "group", ["title"] = "Ring \u0007 the bell" },
            _ => throw new ArgumentOutOfRangeException(nameof(invalid)),
        };
        var roomsBefore = (await RoomsAsync(Ann)).Count;

        using var response = await Ann.PostAsync("/api/rooms", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal(roomsBefore, (await RoomsAsync(Ann)).Count);
    }

    [Fact]
    public async Task Create_TitleOf200Characters_IsAccepted()
    {
        var title = new string('t', 200);

        var room = await Ann.CreateRoomAsync("group", title: title);

        Assert.Equal(title, (await RoomAsync(Ann, room)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Create_Group_CreatorIsMemberAndOwner()
    {
        using var response = await Ann.PostAsync("/api/rooms", Json(new JsonObject
        {
            ["kind"] = "group",
            ["title"] = "  Planning  ",
            ["members"] = Ids(fixture.BobId),
            ["bots"] = Names("@" + fixture.BotHandle),
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var room = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = room.GetProperty("id").GetGuid();
        Assert.Equal($"/api/rooms/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("group", room.GetProperty("kind").GetString());
        Assert.Equal("Planning", room.GetProperty("title").GetString());
        Assert.Equal(fixture.AnnId, room.GetProperty("ownerId").GetGuid());
        Assert.Equal([fixture.AnnId, fixture.BobId], room.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()));
        Assert.Equal([fixture.BotHandle], room.GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("handle").GetString()));
        Assert.Equal(JsonValueKind.Null, room.GetProperty("lastMessage").ValueKind);
        Assert.Equal(0, room.GetProperty("unreadCount").GetInt32());
        // Bob, made a member, sees the same room.
        Assert.Equal(fixture.AnnId, (await RoomAsync(Bob, id)).GetProperty("ownerId").GetGuid());
        Assert.Contains(await RoomsAsync(Bob), r => r.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task Create_DirectWithAUser_BothAreMembersAndTheCreatorOwnsIt()
    {
        var id = await Ann.CreateRoomAsync("direct", members: [fixture.BobId, fixture.AnnId]);

        var room = await RoomAsync(Bob, id);

        Assert.Equal("direct", room.GetProperty("kind").GetString());
        Assert.Equal(fixture.AnnId, room.GetProperty("ownerId").GetGuid());
        Assert.Equal([fixture.AnnId, fixture.BobId], room.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()));
    }

    [Fact]
    public async Task Create_SameMemberAndBotNamedTwice_AreInTheRoomOnce()
    {
        var botId = await BotIdAsync(fixture.BotHandle);

        using var response = await Ann.PostAsync("/api/rooms", Json(new JsonObject
        {
            ["kind"] = "group",
            ["members"] = Ids(fixture.BobId, fixture.BobId),
            ["bots"] = Names(fixture.BotHandle, botId.ToString(), "@" + fixture.BotHandle.ToUpperInvariant()),
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var room = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, room.GetProperty("members").GetArrayLength());
        Assert.Equal([botId], room.GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Create_DirectWithOneBotNamedTwice_IsADirectRoomWithThatBot()
    {
        var botId = await BotIdAsync(fixture.BotHandle);

        var room = await Ann.CreateRoomAsync("direct", bots: [fixture.BotHandle, botId.ToString()]);

        Assert.Equal([botId], (await RoomAsync(Ann, room)).GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task List_NewestActivityFirst_WithLastMessageAndUnreadCount()
    {
        // Fresh people, so that only these rooms are listed.
        using var cat = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("cat"));
        using var dan = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("dan"));
        var danId = await dan.MyIdAsync();
        var first = await cat.CreateRoomAsync("group", members: [danId], title: "First");
        var second = await cat.CreateRoomAsync("group", members: [danId], title: "Second");

        Assert.Equal([("Second", null, 0), ("First", null, 0)], Summaries(await RoomsAsync(cat)));

        var one = (await dan.SendAsync(first, "one")).GetProperty("id").GetInt64();
        var two = (await dan.SendAsync(first, "two")).GetProperty("id").GetInt64();

        Assert.Equal([("First", "two", 2), ("Second", null, 0)], Summaries(await RoomsAsync(cat)));
        Assert.Equal([("First", "two", 0), ("Second", null, 0)], Summaries(await RoomsAsync(dan)));
        var lastMessage = (await RoomsAsync(cat))[0].GetProperty("lastMessage");
        Assert.Equal(two, lastMessage.GetProperty("id").GetInt64());
        Assert.Equal(danId, lastMessage.GetProperty("sender").GetProperty("id").GetGuid());

        await MarkReadAsync(cat, first, one);
        Assert.Equal(1, (await RoomAsync(cat, first)).GetProperty("unreadCount").GetInt32());
        await MarkReadAsync(cat, first, two);
        Assert.Equal(0, (await RoomAsync(cat, first)).GetProperty("unreadCount").GetInt32());
        await MarkReadAsync(cat, first, one);
        Assert.Equal(0, (await RoomAsync(cat, first)).GetProperty("unreadCount").GetInt32());

        await cat.SendAsync(second, "three");

        Assert.Equal([("Second", "three", 0), ("First", "two", 0)], Summaries(await RoomsAsync(cat)));
        Assert.Equal([("Second", "three", 1), ("First", "two", 0)], Summaries(await RoomsAsync(dan)));

        await dan.SendAsync(second, "four");

        Assert.Equal([("Second", "four", 1), ("First", "two", 0)], Summaries(await RoomsAsync(cat)));
        Assert.Equal([("Second", "four", 0), ("First", "two", 0)], Summaries(await RoomsAsync(dan)));
    }

    [Fact]
    public async Task List_ABotsReply_IsTheLastMessageAndUnread()
    {
        var room = await Ann.CreateRoomAsync("direct", bots: [fixture.BotHandle]);
        await Ann.SendAsync(room, "Hello");
        await Ann.WaitForRepliesAsync(room);

        var seen = await RoomAsync(Ann, room);

        Assert.Equal("bot", seen.GetProperty("lastMessage").GetProperty("sender").GetProperty("type").GetString());
        Assert.Equal(1, seen.GetProperty("unreadCount").GetInt32());
        Assert.Equal(seen.GetProperty("id").GetGuid(), (await RoomsAsync(Ann))[0].GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("another room")]
    [InlineData("no such message")]
    public async Task MarkRead_NotAMessageOfTheRoom_Returns400NamingMessageId(string? which)
    {
        var room = await Ann.CreateRoomAsync("group");
        var other = await Ann.CreateRoomAsync("group");
        var elsewhere = (await Ann.SendAsync(other, "elsewhere")).GetProperty("id").GetInt64();
        JsonObject body = which switch
        {
            null => [],
            "another room" => new() { ["messageId"] = elsewhere },
            _ => new() { ["messageId"] = elsewhere + 1_000 },
        };

        using var response = await Ann.PostAsync($"/api/rooms/{room}/read", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["messageId"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task List_Q_FindsRoomsByTitleIgnoringCaseAndTakingWildcardsLiterally()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var apollo = await Ann.CreateRoomAsync("group", title: $"Project Apollo {tag}");
        var notes = await Ann.CreateRoomAsync("group", title: $"apollo {tag} notes");
        await Ann.CreateRoomAsync("group", title: $"Budget {tag}");
        var half = await Ann.CreateRoomAsync("group", title: $"Sale {tag} 50% off");
        await Ann.CreateRoomAsync("group", title: $"Sale {tag} 500 pens");
        var underscore = await Ann.CreateRoomAsync("group", title: $"file_{tag}");
        await Ann.CreateRoomAsync("group", title: $"fileX{tag}");

        Assert.Equal([notes, apollo], Found(await RoomsAsync(Ann, $"?q=APOLLO%20{tag}")));
        Assert.Equal([half], Found(await RoomsAsync(Ann, $"?q={tag}%2050%25")));
        Assert.Equal([underscore], Found(await RoomsAsync(Ann, $"?q=file_{tag}")));
        Assert.Empty(await RoomsAsync(Ann, $"?q=nothing-{tag}"));
        Assert.Equal([notes], Found(await RoomsAsync(Ann, $"?q=apollo%20{tag}&limit=1")));
        Assert.Empty(await RoomsAsync(Bob, $"?q={tag}"));

        static List<Guid> Found(List<JsonElement> rooms) => [.. rooms.Select(r => r.GetProperty("id").GetGuid())];
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-1")]
    [InlineData("many")]
    public async Task List_LimitOutOfRangeOrNotANumber_Returns400NamingLimit(string limit)
    {
        using var response = await Ann.GetAsync($"/api/rooms?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["limit"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Update_Title_EveryMemberSeesIt()
    {
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId], title: "Old");

        using var response = await Bob.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["title"] = " New " }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal("New", (await RoomAsync(Ann, room)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Update_TitleOver200Characters_Returns400NamingTitleAndKeepsTheOldOne()
    {
        var room = await Ann.CreateRoomAsync("group", title: "Old");

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["title"] = new string('t', 201) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["title"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal("Old", (await RoomAsync(Ann, room)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Update_Bots_ReplacesTheListAndTheBotIsSentTheRoomsInstructions()
    {
        var newcomer = RoomsClient.NewHandle();
        await Host.CreateBotAsync(newcomer, systemPrompt: "You are Newcomer.");
        var room = await Ann.CreateRoomAsync("group", bots: [fixture.BotHandle], title: "Bots");

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject
        {
            ["bots"] = new JsonArray(new JsonObject { ["bot"] = newcomer, ["instructions"] = " Answer in French. " }),
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bots = (await RoomAsync(Ann, room)).GetProperty("bots").EnumerateArray().ToList();
        Assert.Equal([(newcomer, "Answer in French.")], bots.Select(b => (b.GetProperty("handle").GetString(), b.GetProperty("instructions").GetString())));

        await Ann.SendAsync(room, $"@{fixture.BotHandle} are you still here?");
        await Ann.SendAsync(room, $"@{newcomer} bonjour");
        var messages = await Ann.WaitForRepliesAsync(room);

        Assert.Equal([newcomer], messages.Where(IsFromABot).Select(m => m.GetProperty("sender").GetProperty("name").GetString()));
        Assert.Equal(("system", "You are Newcomer.\n\nAnswer in French."), Host.LastPrompt()[0]);

        using var changed = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject
        {
            ["bots"] = new JsonArray(new JsonObject { ["bot"] = newcomer, ["instructions"] = "Answer in German." }),
        }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Answer in German.", (await RoomAsync(Ann, room)).GetProperty("bots")[0].GetProperty("instructions").GetString());

        using var emptied = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["bots"] = new JsonArray() }));
        Assert.Equal(HttpStatusCode.OK, emptied.StatusCode);
        Assert.Equal(0, (await RoomAsync(Ann, room)).GetProperty("bots").GetArrayLength());
    }

    [Theory]
    [InlineData("an unknown bot")]
    [InlineData("instructions over 8000 characters")]
    public async Task Update_InvalidBots_Returns400NamingBotsAndKeepsTheOldList(string invalid)
    {
        var room = await Ann.CreateRoomAsync("group", bots: [fixture.BotHandle]);
        var bot = invalid == "an unknown bot"
            ? new JsonObject { ["bot"] = "no-such-bot" }
            : new JsonObject { ["bot"] = fixture.BotHandle, ["instructions"] = new string('i', 8_001) };

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["bots"] = new JsonArray(bot) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["bots"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        var bots = (await RoomAsync(Ann, room)).GetProperty("bots").EnumerateArray().ToList();
        Assert.Equal([(fixture.BotHandle, JsonValueKind.Null)], bots.Select(b => (b.GetProperty("handle").GetString(), b.GetProperty("instructions").ValueKind)));
    }

    [Fact]
    public async Task Update_AddMembers_NewMemberSeesTheRoomAndItsHistory()
    {
        var room = await Ann.CreateRoomAsync("group", title: "Joining");
        await Ann.SendAsync(room, "Before you came");

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["addMembers"] = Ids(fixture.BobId) }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([fixture.AnnId, fixture.BobId], (await RoomAsync(Bob, room)).GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()));
        Assert.Equal(["Before you came"], (await Bob.MessagesAsync(room)).Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(0, (await RoomAsync(Bob, room)).GetProperty("unreadCount").GetInt32());
        await Ann.SendAsync(room, "Welcome, Bob");
        Assert.Equal(1, (await RoomAsync(Bob, room)).GetProperty("unreadCount").GetInt32());
        await Bob.SendAsync(room, "Hello, I am in");
    }

    [Fact]
    public async Task Update_AddUnknownMember_Returns400NamingAddMembers()
    {
        var room = await Ann.CreateRoomAsync("group");

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["addMembers"] = Ids(fixture.BobId, Guid.NewGuid()) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["addMembers"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal(1, (await RoomAsync(Ann, room)).GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Update_DirectRoomAddMembers_Returns400NamingAddMembers()
    {
        var room = await Ann.CreateRoomAsync("direct", members: [fixture.BobId]);

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["addMembers"] = Ids(fixture.AdminId) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["addMembers"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal(2, (await RoomAsync(Ann, room)).GetProperty("members").GetArrayLength());
        using var admin = await fixture.Admin.GetAsync($"/api/rooms/{room}");
        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
    }

    [Fact]
    public async Task Update_DirectRoomWithAUserGivenABot_Returns400NamingBots()
    {
        var room = await Ann.CreateRoomAsync("direct", members: [fixture.BobId]);

        using var response = await Ann.PatchAsync($"/api/rooms/{room}", Json(new JsonObject { ["bots"] = new JsonArray(new JsonObject { ["bot"] = fixture.BotHandle }) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["bots"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal(0, (await RoomAsync(Ann, room)).GetProperty("bots").GetArrayLength());
    }

    [Fact]
    public async Task Delete_ByOwner_DeletesTheRoomAndItsMessagesForEveryone()
    {
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId], title: "Doomed");
        var edited = (await Ann.SendAsync(room, "first draft")).GetProperty("id").GetInt64();
        await Bob.SendAsync(room, "Bob was here");
        using (var edit = await Ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{edited}", new { text = "second draft" }))
        {
            Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        }

        using var response = await Ann.DeleteAsync($"/api/rooms/{room}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        foreach (var member in (HttpClient[])[Ann, Bob])
        {
            using var get = await member.GetAsync($"/api/rooms/{room}");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
            await ProblemBody.ReadAsync(get);
            using var messages = await member.GetAsync($"/api/rooms/{room}/messages");
            Assert.Equal(HttpStatusCode.NotFound, messages.StatusCode);
            Assert.DoesNotContain(await RoomsAsync(member), r => r.GetProperty("id").GetGuid() == room);
        }

        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        Assert.False(await db.Messages.AnyAsync(m => m.RoomId == room));
        Assert.False(await db.MessageVersions.AnyAsync(v => v.MessageId == edited));
        Assert.False(await db.RoomMembers.AnyAsync(m => m.RoomId == room));
    }

    [Fact]
    public async Task Delete_ByMember_LeavesTheRoomWhichStaysForOthers()
    {
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId], title: "Staying");
        await Bob.SendAsync(room, "Goodbye");

        using var response = await Bob.DeleteAsync($"/api/rooms/{room}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using (var get = await Bob.GetAsync($"/api/rooms/{room}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        using (var send = await Bob.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Let me back", clientMessageId = "again" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, send.StatusCode);
        }

        using (var again = await Bob.DeleteAsync($"/api/rooms/{room}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        Assert.DoesNotContain(await RoomsAsync(Bob), r => r.GetProperty("id").GetGuid() == room);
        var kept = await RoomAsync(Ann, room);
        Assert.Equal([fixture.AnnId], kept.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetGuid()));
        var messages = await Ann.MessagesAsync(room);
        Assert.Equal(["Goodbye"], messages.Select(m => m.GetProperty("text").GetString()));
        Assert.Equal(fixture.BobId, messages[0].GetProperty("sender").GetProperty("id").GetGuid());
    }

    private static bool IsFromABot(JsonElement message) => message.GetProperty("sender").GetProperty("type").GetString() == "bot";

    private static List<(string? Title, string? LastMessage, int Unread)> Summaries(List<JsonElement> rooms) =>
        [.. rooms.Select(r => (
            r.GetProperty("title").GetString(),
            r.GetProperty("lastMessage").ValueKind == JsonValueKind.Null ? null : r.GetProperty("lastMessage").GetProperty("text").GetString(),
            r.GetProperty("unreadCount").GetInt32()))];

    private static async Task<List<JsonElement>> RoomsAsync(HttpClient client, string query = "") =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/rooms" + query)).EnumerateArray()];

    private static async Task<JsonElement> RoomAsync(HttpClient client, Guid room) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/rooms/{room}");

    private static async Task MarkReadAsync(HttpClient client, Guid room, long messageId)
    {
        using var response = await client.PostAsJsonAsync($"/api/rooms/{room}/read", new { messageId });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task CreateAndUpdate_NullInTheBotList_Return400NamingBots()
    {
        using var created = await Ann.PostAsync("/api/rooms", new StringContent("""{"kind":"group","bots":[null]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("bots", (await ProblemBody.ReadAsync(created)).Errors.Keys);

        var room = await Ann.CreateRoomAsync("group", title: "Null bots");
        using var updated = await Ann.PatchAsync($"/api/rooms/{room}", new StringContent("""{"bots":[null]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        Assert.Contains("bots", (await ProblemBody.ReadAsync(updated)).Errors.Keys);
    }

    [Fact]
    public async Task CreateAndUpdate_TwentyThousandBotNames_Return400NamingBots()
    {
        var names = Enumerable.Range(0, 20_000).Select(i => i % 2 == 0 ? Guid.NewGuid().ToString() : $"bot{i}").ToArray();

        using var created = await Ann.PostAsJsonAsync("/api/rooms", new { kind = "group", title = "Crowded", bots = names });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("bots", (await ProblemBody.ReadAsync(created)).Errors.Keys);

        var room = await Ann.CreateRoomAsync("group", title: "Crowded later");
        using var updated = await Ann.PatchAsJsonAsync($"/api/rooms/{room}", new { bots = names.Select(bot => new { bot }) });
        Assert.Equal(HttpStatusCode.BadRequest, updated.StatusCode);
        Assert.Contains("bots", (await ProblemBody.ReadAsync(updated)).Errors.Keys);
    }

    private async Task<Guid> BotIdAsync(string handle) =>
        (await Ann.GetFromJsonAsync<JsonElement>("/api/bots")).EnumerateArray().Single(b => b.GetProperty("handle").GetString() == handle).GetProperty("id").GetGuid();
}
