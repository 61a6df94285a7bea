using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary><c>/api/rooms/{id}/messages</c>: what a message may be, paging through a room, editing, and which bots answer what, told what.</summary>
public sealed class MessagesApiTests(RoomsCallersFixture fixture) : IClassFixture<RoomsCallersFixture>
{
    private GatewayHost Host => fixture.Host;

    private HttpClient Ann => fixture.Ann;

    private HttpClient Bob => fixture.Bob;

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Send_OverTheDefaultMaxMessageLength_Returns400NamingText()
    {
        var room = await Ann.CreateRoomAsync("group");

        using var tooLong = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = new string('a', 32_001), clientMessageId = "long" });
        using var longest = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = new string('a', 32_000), clientMessageId = "longest" });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(["text"], (await ProblemBody.ReadAsync(tooLong)).Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(32_000, Assert.Single(await Ann.MessagesAsync(room)).GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public async Task Send_TextWithANulCharacter_IsStoredAsAnsweredAndFoundByRoomSearch()
    {
        var title = $"nul {Guid.NewGuid():N}";
        var room = await Ann.CreateRoomAsync("group", title: title);

        using var sent = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "before\u0000after", clientMessageId = "nul\u0000id" });
        using var retried = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "before\u0000after", clientMessageId = "nul\u0000id" });
        using var found = await Ann.GetAsync(new Uri($"/api/rooms?q={Uri.EscapeDataString(title)}%00", UriKind.Relative));

        // PostgreSQL cannot hold the NUL character and drops it; whatever is kept, the answer shows what was stored.
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var answered = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString();
        Assert.Equal(answered, Assert.Single(await Ann.MessagesAsync(room)).GetProperty("text").GetString());
        Assert.True(retried.IsSuccessStatusCode, $"{(int)retried.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    [Fact]
    public async Task SendEditAndChat_OverAConfiguredMaxMessageLength_Return400NamingTheText()
    {
        await using var host = await GatewayHost.StartAsync(configure: settings => settings["Chat:MaxMessageLength"] = "10");
        using var cat = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("cat"));
        var room = await cat.CreateRoomAsync("group");

        var sent = await cat.SendAsync(room, "1234567890");
        using var send = await cat.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "12345678901", clientMessageId = "eleven" });
        using var edit = await cat.PatchAsJsonAsync($"/api/rooms/{room}/messages/{sent.GetProperty("id").GetInt64()}", new { text = "12345678901" });
        using var chat = await cat.PostAsJsonAsync("/chat", new { message = "12345678901" });

        Assert.Equal(HttpStatusCode.BadRequest, send.StatusCode);
        Assert.Equal(["text"], (await ProblemBody.ReadAsync(send)).Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.Equal(["text"], (await ProblemBody.ReadAsync(edit)).Errors.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, chat.StatusCode);
        Assert.Equal(["message"], (await ProblemBody.ReadAsync(chat)).Errors.Keys);
        Assert.Equal(["1234567890"], (await cat.MessagesAsync(room)).Select(m => m.GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData("""{"clientMessageId":"c1"}""", "text")]
    [InlineData("""{"text":null,"clientMessageId":"c1"}""", "text")]
    [InlineData("""{"text":"","clientMessageId":"c1"}""", "text")]
    [InlineData("""{"text":"  \n ","clientMessageId":"c1"}""", "text")]
    [InlineData("""{"text":"Hello"}""", "clientMessageId")]
    [InlineData("""{"text":"Hello","clientMessageId":""}""", "clientMessageId")]
    [InlineData("""{"text":"Hello","clientMessageId":"   "}""", "clientMessageId")]
    [InlineData("""{"text":42,"clientMessageId":"c1"}""", "text")]
    public async Task Send_WithoutTextOrClientMessageId_Returns400NamingTheFieldAndStoresNothing(string body, string field)
    {
        var room = await Ann.CreateRoomAsync("group");

        using var response = await Ann.PostAsync($"/api/rooms/{room}/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Empty(await Ann.MessagesAsync(room));
    }

    [Theory]
    [InlineData("{not json", "body")]
    [InlineData("", "body")]
    [InlineData("""{"message":42}""", "message")]
    [InlineData("""{"message":"Hi","conversationId":"not-a-room"}""", "conversationId")]
    public async Task Chat_MalformedBody_Returns400NamingTheField(string body, string field)
    {
        using var response = await Ann.PostAsync("/chat", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Send_ClientMessageIdOver100Characters_Returns400NamingIt()
    {
        var room = await Ann.CreateRoomAsync("group");

        using var response = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Hello", clientMessageId = new string('c', 101) });
        var longest = await Ann.SendAsync(room, "Hello", clientMessageId: new string('c', 100));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["clientMessageId"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
        Assert.Equal(100, longest.GetProperty("clientMessageId").GetString()!.Length);
    }

    [Fact]
    public async Task Send_ReplyToAMessageOfAnotherRoom_Returns400NamingReplyTo()
    {
        var room = await Ann.CreateRoomAsync("group");
        var other = await Ann.CreateRoomAsync("group");
        var here = (await Ann.SendAsync(room, "Here")).GetProperty("id").GetInt64();
        var elsewhere = (await Ann.SendAsync(other, "Elsewhere")).GetProperty("id").GetInt64();

        using var refused = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Re: elsewhere", clientMessageId = "r1", replyTo = elsewhere });
        using var accepted = await Ann.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Re: here", clientMessageId = "r2", replyTo = here });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["replyTo"], (await ProblemBody.ReadAsync(refused)).Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(here, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replyTo").GetInt64());
        Assert.Equal(["Here", "Re: here"], (await Ann.MessagesAsync(room)).Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Messages_120InARoom_PageByLimitBeforeAndAfterInAscendingOrder()
    {
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId]);
        var ids = new List<long>();
        for (var n = 1; n <= 120; n++)
        {
            var sender = n % 3 == 0 ? Bob : Ann;
            ids.Add((await sender.SendAsync(room, Text(n))).GetProperty("id").GetInt64());
        }

        var all = await PageAsync(room, "?limit=200");
        Assert.Equal(Texts(1, 120), all.Texts);
        Assert.Equal(ids, all.Ids);
        Assert.True(all.Ids.Zip(all.Ids.Skip(1)).All(pair => pair.First < pair.Second), "Ids do not strictly increase.");
        Assert.False(all.HasMore);

        var newest = await PageAsync(room, "");
        AssertPage(Texts(71, 120), true, newest);
        var older = await PageAsync(room, $"?before={newest.Ids[0]}");
        AssertPage(Texts(21, 70), true, older);
        var oldest = await PageAsync(room, $"?before={older.Ids[0]}");
        AssertPage(Texts(1, 20), false, oldest);
        var exactFit = await PageAsync(room, $"?before={older.Ids[0]}&limit=20");
        AssertPage(Texts(1, 20), false, exactFit);
        var small = await PageAsync(room, $"?before={ids[10]}&limit=3");
        AssertPage(Texts(8, 10), true, small);

        var caughtUp = await PageAsync(room, $"?after={ids[99]}");
        AssertPage(Texts(101, 120), false, caughtUp);
        var catchingUp = await PageAsync(room, $"?after={ids[9]}&limit=30");
        AssertPage(Texts(11, 40), true, catchingUp);
        var nothingNew = await PageAsync(room, $"?after={ids[^1]}");
        AssertPage([], false, nothingNew);

        // Walking forward from the start meets every message once.
        var walked = new List<long>();
        var page = await PageAsync(room, "?after=0&limit=50");
        walked.AddRange(page.Ids);
        while (page.HasMore)
        {
            page = await PageAsync(room, $"?after={walked[^1]}&limit=50");
            walked.AddRange(page.Ids);
        }

        Assert.Equal(ids, walked);

        static string Text(int n) => $"m{n.ToString("000", CultureInfo.InvariantCulture)}";
        static List<string> Texts(int first, int last) => [.. Enumerable.Range(first, last - first + 1).Select(Text)];
    }

    [Theory]
    [InlineData("?before=5&after=1", "before")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=-1", "limit")]
    public async Task Messages_BadPaging_Returns400NamingTheParameter(string query, string field)
    {
        var room = await Ann.CreateRoomAsync("group");
        await Ann.SendAsync(room, "Hello");

        using var response = await Ann.GetAsync($"/api/rooms/{room}/messages{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Theory]
    [InlineData("?before=abc", "before")]
    [InlineData("?after=1.5", "after")]
    [InlineData("?limit=many", "limit")]
    public async Task Messages_CursorOrLimitNotANumber_Returns400NamingTheParameter(string query, string field)
    {
        var room = await Ann.CreateRoomAsync("group");

        using var response = await Ann.GetAsync($"/api/rooms/{room}/messages{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Edit_SomeoneElsesMessage_Returns403AndKeepsIt()
    {
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId]);
        var bobs = (await Bob.SendAsync(room, "Bob's words")).GetProperty("id").GetInt64();

        using var response = await Ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{bobs}", new { text = "Ann's words" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await ProblemBody.ReadAsync(response);
        var message = Assert.Single(await Bob.MessagesAsync(room));
        Assert.Equal(("Bob's words", 1), (message.GetProperty("text").GetString(), message.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task Edit_ABotsReply_Returns403()
    {
        var room = await Ann.CreateRoomAsync("direct", bots: [fixture.BotHandle]);
        await Ann.SendAsync(room, "Hello");
        var reply = (await Ann.WaitForRepliesAsync(room)).Single(IsFromABot);

        using var response = await Ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{reply.GetProperty("id").GetInt64()}", new { text = "What I wanted to hear" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    [Fact]
    public async Task Edit_NonexistentMessageOrOneOfAnotherRoom_Returns404()
    {
        var room = await Ann.CreateRoomAsync("group");
        var other = await Ann.CreateRoomAsync("group");
        var elsewhere = (await Ann.SendAsync(other, "Elsewhere")).GetProperty("id").GetInt64();

        using var missing = await Ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{elsewhere + 1_000}", new { text = "Changed" });
        using var wrongRoom = await Ann.PatchAsJsonAsync($"/api/rooms/{room}/messages/{elsewhere}", new { text = "Changed" });

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await ProblemBody.ReadAsync(missing);
        Assert.Equal(HttpStatusCode.NotFound, wrongRoom.StatusCode);
        await ProblemBody.ReadAsync(wrongRoom);
        Assert.Equal("Elsewhere", Assert.Single(await Ann.MessagesAsync(other)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Send_GroupRoom_ABotAnswersOnlyWhenItsHandleIsMentioned()
    {
        var other = RoomsClient.NewHandle();
        await Host.CreateBotAsync(other);
        var handle = fixture.BotHandle;
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId], bots: [handle, other]);

        await Ann.SendAsync(room, "Hello everyone");
        await Bob.SendAsync(room, $"Write to me@{handle}.com or to {handle}");
        var both = (await Ann.SendAsync(room, $"@{handle} and @{other.ToUpperInvariant()}, what do you think?")).GetProperty("id").GetInt64();
        var one = (await Bob.SendAsync(room, $"Only you, (@{other}).")).GetProperty("id").GetInt64();
        var messages = await Ann.WaitForRepliesAsync(room, 3);

        var replies = messages.Where(IsFromABot).Select(m => (ReplyTo: m.GetProperty("replyTo").GetInt64(), Bot: m.GetProperty("sender").GetProperty("name").GetString())).ToList();
        Assert.Equal([(both, handle), (both, other), (one, other)], replies.OrderBy(r => r.ReplyTo).ThenBy(r => r.Bot == other));
        Assert.All(messages.Where(IsFromABot), m => Assert.Equal("complete", m.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Send_DirectRoom_TheBotAnswersEveryMessage()
    {
        var room = await Ann.CreateRoomAsync("direct", bots: [fixture.BotHandle]);
        var sent = new List<long>();
        foreach (var text in (string[])["Hello", "No mention here", "And again"])
        {
            sent.Add((await Ann.SendAsync(room, text)).GetProperty("id").GetInt64());
        }

        var messages = await Ann.WaitForRepliesAsync(room, 3);

        Assert.Equal(sent, messages.Where(IsFromABot).Select(m => m.GetProperty("replyTo").GetInt64()).Order());
    }

    [Fact]
    public async Task Send_GroupRoom_UpstreamReceivesPeoplesNamesOtherBotsLabelledAndItsOwnRepliesAsAssistant()
    {
        await RenameAsync(Ann, "Ann");
        await RenameAsync(Bob, "Bob");
        var sage = RoomsClient.NewHandle();
        var oracle = RoomsClient.NewHandle();
        await Host.CreateBotAsync(sage, systemPrompt: "You are Sage.");
        await Host.CreateBotAsync(oracle, systemPrompt: "You are Oracle.");
        var room = await Ann.CreateRoomAsync("group", members: [fixture.BobId], bots: [sage, oracle]);

        Host.Upstream.Enqueue(UpstreamScript.Answer("4."));
        await Ann.SendAsync(room, $"@{oracle} what is 2+2?");
        await Ann.WaitForRepliesAsync(room, 1);
        await Bob.SendAsync(room, "Thanks");
        Host.Upstream.Enqueue(UpstreamScript.Answer("Checked: it is 4."));
        await Ann.SendAsync(room, $"@{sage} check that");
        await Ann.WaitForRepliesAsync(room, 2);

        Assert.Equal(
            [
                ("system", "You are Sage."),
                ("user", $"Ann: @{oracle} what is 2+2?"),
                ("user", $"{oracle} (bot): 4."),
                ("user", "Bob: Thanks"),
                ("user", $"Ann: @{sage} check that"),
            ],
            Host.LastPrompt());

        Host.Upstream.Enqueue(UpstreamScript.Answer("Still 4."));
        await Bob.SendAsync(room, $"@{sage} sure?");
        await Ann.WaitForRepliesAsync(room, 3);

        Assert.Equal(
            [
                ("system", "You are Sage."),
                ("user", $"Ann: @{oracle} what is 2+2?"),
                ("user", $"{oracle} (bot): 4."),
                ("user", "Bob: Thanks"),
                ("user", $"Ann: @{sage} check that"),
                ("assistant", "Checked: it is 4."),
                ("user", $"Bob: @{sage} sure?"),
            ],
            Host.LastPrompt());
    }

    private static void AssertPage(List<string> texts, bool hasMore, (List<string> Texts, List<long> Ids, bool HasMore) page)
    {
        Assert.Equal(texts, page.Texts);
        Assert.Equal(hasMore, page.HasMore);
    }

    private static bool IsFromABot(JsonElement message) => message.GetProperty("sender").GetProperty("type").GetString() == "bot";

    private static async Task RenameAsync(HttpClient client, string displayName)
    {
        using var response = await client.PatchAsJsonAsync("/api/me", new { displayName });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(List<string> Texts, List<long> Ids, bool HasMore)> PageAsync(Guid room, string query)
    {
        using var response = await Ann.GetAsync($"/api/rooms/{room}/messages{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = page.GetProperty("messages").EnumerateArray().ToList();
        return (
            [.. messages.Select(m => m.GetProperty("text").GetString()!)],
            [.. messages.Select(m => m.GetProperty("id").GetInt64())],
            page.GetProperty("hasMore").GetBoolean());
    }
}
