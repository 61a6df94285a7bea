using System.Net;
using System.Text.Json;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Teams;

/// <summary>A bot limited to teams is there for their members and admins only.</summary>
public sealed class BotTeamsTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task BotLimitedToATeam_IsListedForMembersAndAdminsOnly_AndOutsidersCannotAddItToRooms()
    {
        var (sales, bot, handle) = await LimitedBotAsync();
        var (_, member) = await Host.AddUserAsync(sales);
        using var _ = member;
        using var outsider = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));
        using var adminUser = await Host.CreateAdminUserClientAsync();

        var forMember = await member.GetStringAsync("/api/bots");
        var forOutsider = await outsider.GetStringAsync("/api/bots");
        var forAdmin = await adminUser.GetStringAsync("/api/bots");
        using var getByOutsider = await outsider.GetAsync($"/api/bots/{bot}");
        using var roomByOutsider = await outsider.PostAsJsonAsync("/api/rooms", new { kind = "direct", bots = new[] { handle } });
        using var roomByMember = await member.PostAsJsonAsync("/api/rooms", new { kind = "direct", bots = new[] { handle } });

        Assert.Contains(handle, forMember, StringComparison.Ordinal);
        Assert.DoesNotContain(handle, forOutsider, StringComparison.Ordinal);
        Assert.Contains(handle, forAdmin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, getByOutsider.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, roomByOutsider.StatusCode);
        Assert.Equal($"There is no bot @{handle}.", (await ProblemBody.ReadAsync(roomByOutsider)).Errors["bots"].Single());
        Assert.Equal(HttpStatusCode.Created, roomByMember.StatusCode);
    }

    [Fact]
    public async Task BotLimitedToATeam_InAGroupRoomWithAnOutsider_AnswersTheMemberButNotTheOutsider()
    {
        var (sales, _, handle) = await LimitedBotAsync();
        var (_, member) = await Host.AddUserAsync(sales);
        using var _ = member;
        using var outsider = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));
        var room = await member.CreateRoomAsync("group", members: [await outsider.MyIdAsync()], bots: [handle]);

        var fromOutsider = (await outsider.SendAsync(room, $"@{handle} hello")).GetProperty("id").GetInt64();
        var fromMember = (await member.SendAsync(room, $"@{handle} hello")).GetProperty("id").GetInt64();
        await member.WaitForRepliesAsync(room);
        var messages = await member.MessagesAsync(room);

        Assert.DoesNotContain(messages, m => RepliesTo(m, fromOutsider));
        Assert.Single(messages, m => RepliesTo(m, fromMember));
    }

    [Fact]
    public async Task BotLimitedToATeam_OutsiderCannotAddItToARoom_ButMayKeepItWhereAMemberAddedIt()
    {
        var (sales, _, handle) = await LimitedBotAsync();
        var (_, member) = await Host.AddUserAsync(sales);
        using var _ = member;
        using var outsider = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));
        var outsidersRoom = await outsider.CreateRoomAsync("group", title: "Mine");
        var membersRoom = await member.CreateRoomAsync("group", members: [await outsider.MyIdAsync()], bots: [handle]);

        using var added = await outsider.PatchAsJsonAsync($"/api/rooms/{outsidersRoom}", new { bots = new[] { new { bot = handle } } });
        using var kept = await outsider.PatchAsJsonAsync($"/api/rooms/{membersRoom}", new { title = "Ours", bots = new[] { new { bot = handle } } });

        Assert.Equal(HttpStatusCode.BadRequest, added.StatusCode);
        Assert.Equal($"There is no bot @{handle}.", (await ProblemBody.ReadAsync(added)).Errors["bots"].Single());
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(handle, (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("bots").EnumerateArray().Single().GetProperty("handle").GetString());
    }

    [Fact]
    public async Task SetBotTeams_UnknownTeam_Is400_AndEmptyOpensTheBotToEveryone()
    {
        var (_, bot, handle) = await LimitedBotAsync();
        using var admin = Host.CreateAdminClient();
        using var outsider = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));

        using var unknown = await admin.PutAsJsonAsync($"/api/bots/{bot}/teams", new { teamIds = new[] { Guid.NewGuid() } });
        using var opened = await admin.PutAsJsonAsync($"/api/bots/{bot}/teams", new { teamIds = Array.Empty<Guid>() });
        var forOutsider = await outsider.GetStringAsync("/api/bots");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains(handle, forOutsider, StringComparison.Ordinal);
    }

    private async Task<(Guid Team, Guid Bot, string Handle)> LimitedBotAsync()
    {
        var sales = await Host.CreateTeamAsync();
        var handle = RoomsClient.NewHandle();
        var bot = await Host.CreateBotAsync(handle);
        using var admin = Host.CreateAdminClient();
        using var limited = await admin.PutAsJsonAsync($"/api/bots/{bot}/teams", new { teamIds = new[] { sales } });
        Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        return (sales, bot, handle);
    }

    private static bool RepliesTo(JsonElement message, long id) =>
        message.TryGetProperty("replyTo", out var replyTo) && replyTo.ValueKind == JsonValueKind.Number && replyTo.GetInt64() == id;
}
