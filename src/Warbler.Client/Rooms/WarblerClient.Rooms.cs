using System.Net.Http.Json;
using Warbler.Client.Json;
using Warbler.Contracts.Rooms;

namespace Warbler.Client;

public sealed partial class WarblerClient
{
    /// <summary>The caller's rooms, most recent activity first, each with its members, bots, newest message and unread count (<c>GET /api/rooms</c>).</summary>
    /// <param name="query">Only rooms whose title contains this, or <c>null</c> for all.</param>
    /// <param name="limit">At most this many rooms, 1 to 500 (the server's default is 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rooms.</returns>
    public async Task<IReadOnlyList<Room>> ListRoomsAsync(string? query = null, int? limit = null, CancellationToken cancellationToken = default) =>
        await GetAsync("api/rooms" + Query(("q", query), ("limit", limit)), WarblerJsonContext.Default.ListRoom, cancellationToken).ConfigureAwait(false);

    /// <summary>One of the caller's rooms (<c>GET /api/rooms/{id}</c>).</summary>
    /// <param name="roomId">The room's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room.</returns>
    /// <exception cref="Errors.WarblerApiException">404 when the caller is not a member (or there is no such room).</exception>
    public Task<Room> GetRoomAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        GetAsync($"api/rooms/{roomId}", WarblerJsonContext.Default.Room, cancellationToken);

    /// <summary>Starts a ChatGPT-style conversation: a direct room with a bot, which answers every message.</summary>
    /// <param name="bot">The bot's handle (such as <c>assistant</c>) or id.</param>
    /// <param name="title">The room's title, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new room.</returns>
    public Task<Room> CreateDirectRoomWithBotAsync(string bot, string? title = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bot);
        return CreateRoomAsync(new CreateRoomRequest(RoomKinds.Direct, title, null, [bot]), cancellationToken);
    }

    /// <summary>Creates a direct room with another person.</summary>
    /// <param name="userId">The other person's id (see <see cref="SearchUsersAsync"/>).</param>
    /// <param name="title">The room's title, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new room.</returns>
    public Task<Room> CreateDirectRoomWithUserAsync(Guid userId, string? title = null, CancellationToken cancellationToken = default) =>
        CreateRoomAsync(new CreateRoomRequest(RoomKinds.Direct, title, [userId], null), cancellationToken);

    /// <summary>Creates a group room of any number of people and bots; a bot answers when its <c>@handle</c> is mentioned. The caller is its owner.</summary>
    /// <param name="title">The room's title, or <c>null</c>.</param>
    /// <param name="members">The other people in it, by user id.</param>
    /// <param name="bots">Its bots, by handle or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new room.</returns>
    public Task<Room> CreateGroupRoomAsync(string? title, IEnumerable<Guid>? members = null, IEnumerable<string>? bots = null, CancellationToken cancellationToken = default) =>
        CreateRoomAsync(new CreateRoomRequest(RoomKinds.Group, title, members?.ToList(), bots?.ToList()), cancellationToken);

    /// <summary>Changes a room's title (<c>PATCH /api/rooms/{id}</c>).</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="title">The new title; empty removes it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room as changed.</returns>
    public Task<Room> RenameRoomAsync(Guid roomId, string title, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(title);
        return UpdateRoomAsync(roomId, new UpdateRoomRequest(title, null, null), cancellationToken);
    }

    /// <summary>Adds people to a group room; they start with its history read.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="userIds">The people to add.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room as changed.</returns>
    public Task<Room> AddMembersAsync(Guid roomId, IEnumerable<Guid> userIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return UpdateRoomAsync(roomId, new UpdateRoomRequest(null, null, userIds.ToList()), cancellationToken);
    }

    /// <summary>Sets a room's whole list of bots, each with extra instructions for this room (a direct room keeps its one participant).</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="bots">Every bot the room should have; bots left out leave it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room as changed.</returns>
    public Task<Room> SetBotsAsync(Guid roomId, IEnumerable<RoomBotSettings> bots, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bots);
        return UpdateRoomAsync(roomId, new UpdateRoomRequest(null, bots.ToList(), null), cancellationToken);
    }

    /// <summary>Adds a bot to a group room, keeping the bots it has (and their instructions), or changes the instructions of one it has.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="bot">The bot's handle or id.</param>
    /// <param name="instructions">Extra instructions for this room, or <c>null</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room as changed.</returns>
    public async Task<Room> AddBotAsync(Guid roomId, string bot, string? instructions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bot);
        var room = await GetRoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        var others = room.Bots.Where(b => !Names(b, bot)).Select(b => new RoomBotSettings(b.Id.ToString(), b.Instructions));
        return await SetBotsAsync(roomId, [.. others, new RoomBotSettings(bot, instructions)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a bot out of a room, keeping its other bots.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="bot">The bot's handle or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The room as changed.</returns>
    public async Task<Room> RemoveBotAsync(Guid roomId, string bot, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bot);
        var room = await GetRoomAsync(roomId, cancellationToken).ConfigureAwait(false);
        var kept = room.Bots.Where(b => !Names(b, bot)).Select(b => new RoomBotSettings(b.Id.ToString(), b.Instructions)).ToList();
        return await SetBotsAsync(roomId, kept, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Leaves a room; for its owner, deletes it with its history, for everyone (<c>DELETE /api/rooms/{id}</c>).</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the room is left or deleted.</returns>
    public Task LeaveOrDeleteRoomAsync(Guid roomId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(() => new HttpRequestMessage(HttpMethod.Delete, Url($"api/rooms/{roomId}")), cancellationToken);

    /// <summary>Marks a room read up to a message (<c>POST /api/rooms/{id}/read</c>); read positions only move forward, and members get a read receipt.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="messageId">The newest message read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the position is stored.</returns>
    public Task MarkReadAsync(Guid roomId, long messageId, CancellationToken cancellationToken = default) =>
        SendWithoutAnswerAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url($"api/rooms/{roomId}/read")) { Content = JsonContent.Create(new MarkReadRequest(messageId), RequestJsonContext.Default.MarkReadRequest) },
            cancellationToken);

    private Task<Room> CreateRoomAsync(CreateRoomRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, "api/rooms", request, RequestJsonContext.Default.CreateRoomRequest, WarblerJsonContext.Default.Room, cancellationToken);

    private Task<Room> UpdateRoomAsync(Guid roomId, UpdateRoomRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Patch, $"api/rooms/{roomId}", request, RequestJsonContext.Default.UpdateRoomRequest, WarblerJsonContext.Default.Room, cancellationToken);

    private static bool Names(RoomBot bot, string handleOrId) =>
        Guid.TryParse(handleOrId, out var id) ? bot.Id == id : string.Equals(bot.Handle, handleOrId.TrimStart('@'), StringComparison.OrdinalIgnoreCase);
}
