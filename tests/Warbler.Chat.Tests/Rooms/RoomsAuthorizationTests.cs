using System.Globalization;
using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// Who may call each route of rooms, messages and <c>/chat</c>: anonymous callers are asked to
/// sign in, as is a user deleted since signing in; a room's member is served; to anyone else,
/// admins included, the room does not exist; the gateway's admin key is not a chat user. Only admins manage bots: that matrix is in
/// <see cref="Bots.BotsApiTests"/> (Changes_AsPlainUser_Return403ProblemDetails,
/// EveryRoute_Anonymous_Returns401ProblemDetails and the tests with the admin key and admin role).
/// </summary>
public sealed class RoomsAuthorizationTests(RoomsCallersFixture fixture) : IClassFixture<RoomsCallersFixture>
{
    /// <summary>Every route, by the name the tests show; <c>{room}</c> is Ann's direct room with a bot, <c>{message}</c> her message in it, <c>{reply}</c> the bot's reply.</summary>
    private static readonly Dictionary<string, Route> RoutesByName = new Route[]
    {
        new("POST", "/api/rooms", HttpStatusCode.Created, _ => new { kind = "group", title = "Mine" }, InARoom: false),
        new("GET", "/api/rooms", HttpStatusCode.OK, InARoom: false),
        new("GET", "/api/rooms/{room}", HttpStatusCode.OK),
        new("PATCH", "/api/rooms/{room}", HttpStatusCode.OK, _ => new { title = "Renamed" }),
        new("DELETE", "/api/rooms/{room}", HttpStatusCode.NoContent),
        new("POST", "/api/rooms/{room}/read", HttpStatusCode.NoContent, scene => new { messageId = scene.Reply }),
        new("GET", "/api/rooms/{room}/messages", HttpStatusCode.OK),
        new("POST", "/api/rooms/{room}/messages", HttpStatusCode.Created, _ => new { text = "Hi there", clientMessageId = Guid.NewGuid().ToString("N") }),
        new("POST", "/api/rooms/{room}/messages?stream=true", HttpStatusCode.OK, _ => new { text = "Hi there", clientMessageId = Guid.NewGuid().ToString("N") }),
        new("PATCH", "/api/rooms/{room}/messages/{message}", HttpStatusCode.OK, _ => new { text = "Hello again" }),
        new("POST", "/api/rooms/{room}/messages/{reply}/stop", HttpStatusCode.OK),
        new("POST", "/api/rooms/{room}/messages/{reply}/regenerate", HttpStatusCode.Accepted),
        new("POST", "/api/rooms/{room}/messages/{reply}/regenerate?stream=true", HttpStatusCode.OK),
        new("GET", "/api/rooms/{room}/messages/{reply}/versions", HttpStatusCode.OK),
        new("DELETE", "/api/rooms/{room}/messages/{message}", HttpStatusCode.OK),
        new("POST", "/chat", HttpStatusCode.OK, scene => new { message = "Hi there", conversationId = scene.Room }, Label: "POST /chat {conversationId}"),
        new("POST", "/chat", HttpStatusCode.OK, _ => new { message = "Hi there" }, InARoom: false, Label: "POST /chat (a new conversation)"),
    }.ToDictionary(route => route.Name);

    private GatewayHost Host => fixture.Host;

    public static TheoryData<string> Routes => new(RoutesByName.Keys);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_Anonymous_Returns401ProblemDetailsAndChangesNothing(string name)
    {
        var scene = await MakeSceneAsync();
        var before = await SnapshotAsync(scene);
        using var anonymous = Host.CreateClient(key: null);

        using var response = await CallAsync(anonymous, RoutesByName[name], scene);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await ProblemBody.ReadAsync(response)).Status);
        Assert.Equal(before, await SnapshotAsync(scene));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_UserDeletedSinceSigningIn_Returns401ProblemDetails(string name)
    {
        var email = ChatUsers.NewEmail("gone");
        var id = await Host.CreateUserAsync(email);
        using var gone = Host.CreateClient(await Host.LoginAsync(email));
        var scene = await MakeSceneAsync(gone);
        using (var admin = Host.CreateAdminClient())
        using (var deleted = await admin.DeleteAsync($"/api/admin/users/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var response = await CallAsync(gone, RoutesByName[name], scene);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_GatewayAdminKey_IsNotAChatUserAndChangesNothing(string name)
    {
        var scene = await MakeSceneAsync();
        var before = await SnapshotAsync(scene);
        using var adminKey = Host.CreateAdminClient();

        using var response = await CallAsync(adminKey, RoutesByName[name], scene);

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await ProblemBody.ReadAsync(response);
        Assert.Equal(before, await SnapshotAsync(scene));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_Member_Succeeds(string name)
    {
        var route = RoutesByName[name];
        var scene = await MakeSceneAsync();

        using var response = await CallAsync(fixture.Ann, route, scene);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(route.MemberStatus == response.StatusCode, $"{name}: {(int)response.StatusCode} {body}");
        if (route.Path.EndsWith("stream=true", StringComparison.Ordinal))
        {
            Assert.Equal("done", RoomsClient.ParseEvents(body)[^1].Event);
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_SignedInNonMember_FindsNoSuchRoomAndChangesNothing(string name) =>
        await AssertOutsiderSeesNoSuchRoomAsync(fixture.Bob, RoutesByName[name]);

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_AdminWhoIsNotAMember_FindsNoSuchRoomAndChangesNothing(string name) =>
        await AssertOutsiderSeesNoSuchRoomAsync(fixture.Admin, RoutesByName[name]);

    /// <summary>
    /// On a room's routes an outsider gets the very 404 that a room that was never made gets; on
    /// the others (making a room, listing rooms, a new conversation) they are served as themselves,
    /// and nothing of Ann's room shows.
    /// </summary>
    private async Task AssertOutsiderSeesNoSuchRoomAsync(HttpClient outsider, Route route)
    {
        var scene = await MakeSceneAsync();
        var before = await SnapshotAsync(scene);

        using var response = await CallAsync(outsider, route, scene);

        var body = await response.Content.ReadAsStringAsync();
        if (route.InARoom)
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route.Name}: {(int)response.StatusCode} {body}");
            var problem = await ProblemBody.ReadAsync(response);
            var madeUp = scene with { Room = Guid.NewGuid() };
            using var nowhere = await CallAsync(outsider, route, madeUp);
            var never = await ProblemBody.ReadAsync(nowhere);
            Assert.Equal(never.Status, problem.Status);
            Assert.Equal(never.Title, problem.Title);
            Assert.Equal(never.Detail?.Replace(madeUp.Room.ToString(), "ROOM", StringComparison.Ordinal), problem.Detail?.Replace(scene.Room.ToString(), "ROOM", StringComparison.Ordinal));
        }
        else
        {
            Assert.True(response.IsSuccessStatusCode, $"{route.Name}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain(scene.Room.ToString(), body, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(before, await SnapshotAsync(scene));
    }

    /// <summary>Ann's (or <paramref name="owner"/>'s) direct room with the bot, holding her message and the bot's finished reply.</summary>
    private async Task<Scene> MakeSceneAsync(HttpClient? owner = null)
    {
        owner ??= fixture.Ann;
        var room = await owner.CreateRoomAsync("direct", bots: [fixture.BotHandle], title: "A room with the bot");
        var message = (await owner.SendAsync(room, "Hello")).GetProperty("id").GetInt64();
        var messages = await owner.WaitForRepliesAsync(room);
        var reply = messages.Single(m => m.GetProperty("replyTo").ValueKind == JsonValueKind.Number && m.GetProperty("replyTo").GetInt64() == message);
        Assert.Equal("complete", reply.GetProperty("status").GetString());
        return new Scene(room, message, reply.GetProperty("id").GetInt64());
    }

    /// <summary>The room and its messages as Ann sees them.</summary>
    private async Task<string> SnapshotAsync(Scene scene) =>
        await fixture.Ann.GetStringAsync($"/api/rooms/{scene.Room}") + "\n" + await fixture.Ann.GetStringAsync($"/api/rooms/{scene.Room}/messages");

    private static async Task<HttpResponseMessage> CallAsync(HttpClient client, Route route, Scene scene)
    {
        var path = route.Path
            .Replace("{room}", scene.Room.ToString(), StringComparison.Ordinal)
            .Replace("{message}", scene.Message.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{reply}", scene.Reply.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Body?.Invoke(scene) is { } body)
        {
            request.Content = JsonContent.Create(body);
        }

        return await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
    }

    private sealed record Scene(Guid Room, long Message, long Reply);

    private sealed record Route(string Method, string Path, HttpStatusCode MemberStatus, Func<Scene, object>? Body = null, bool InARoom = true, string? Label = null)
    {
        public string Name => Label ?? $"{Method} {Path}";
    }
}
