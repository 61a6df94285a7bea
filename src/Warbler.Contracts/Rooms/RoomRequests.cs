namespace Warbler.Contracts.Rooms;

/// <summary>
/// The body of <c>POST /api/rooms</c>. <c>members</c> are user ids (the caller is always a
/// member); <c>bots</c> are bot ids or handles. A direct room has exactly one other participant.
/// </summary>
/// <param name="Kind"><see cref="RoomKinds.Direct"/> or <see cref="RoomKinds.Group"/>.</param>
/// <param name="Title">Its title, if any.</param>
/// <param name="Members">The other people in it, by user id.</param>
/// <param name="Bots">The bots in it, by id or handle.</param>
public sealed record CreateRoomRequest(string? Kind, string? Title, IReadOnlyList<Guid>? Members, IReadOnlyList<string>? Bots);

/// <summary>
/// The body of <c>PATCH /api/rooms/{id}</c>: fields left out stay as they are. <c>bots</c>, when
/// given, is the room's whole bot list with each bot's settings for this room.
/// </summary>
/// <param name="Title">The new title.</param>
/// <param name="Bots">The room's whole bot list.</param>
/// <param name="AddMembers">People to add, by user id.</param>
public sealed record UpdateRoomRequest(string? Title, IReadOnlyList<RoomBotSettings>? Bots, IReadOnlyList<Guid>? AddMembers);

/// <summary>A bot to have in a room, with extra instructions for this room.</summary>
/// <param name="Bot">The bot's id or handle.</param>
/// <param name="Instructions">Instructions added to the bot's own in this room, or <c>null</c>.</param>
public sealed record RoomBotSettings(string? Bot, string? Instructions = null);

/// <summary>The body of <c>POST /api/rooms/{id}/read</c>.</summary>
/// <param name="MessageId">The newest message read.</param>
public sealed record MarkReadRequest(long? MessageId);
