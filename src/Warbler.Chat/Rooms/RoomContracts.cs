using Warbler.Chat.Messages;

namespace Warbler.Chat.Rooms;

/// <summary>
/// The body of <c>POST /api/rooms</c>. <c>members</c> are user ids (the caller is always a
/// member); <c>bots</c> are bot ids or handles. A direct room has exactly one other participant.
/// </summary>
public sealed record CreateRoomRequest(string? Kind, string? Title, List<Guid>? Members, List<string>? Bots);

/// <summary>
/// The body of <c>PATCH /api/rooms/{id}</c>: fields left out stay as they are. <c>bots</c>, when
/// given, is the room's whole bot list with each bot's settings for this room.
/// </summary>
public sealed record UpdateRoomRequest(string? Title, List<RoomBotSettings>? Bots, List<Guid>? AddMembers);

/// <summary>A bot in a room: its id or handle, and extra instructions for this room.</summary>
public sealed record RoomBotSettings(string? Bot, string? Instructions);

/// <summary>The body of <c>POST /api/rooms/{id}/read</c>.</summary>
public sealed record MarkReadRequest(long? MessageId);

public sealed record RoomMemberResponse(Guid UserId, string Name);

public sealed record RoomBotResponse(Guid Id, string Handle, string Name, string Model, string? Instructions);

/// <summary>A room as its members see it.</summary>
public sealed record RoomResponse(
    Guid Id,
    string Kind,
    string? Title,
    Guid OwnerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    IReadOnlyList<RoomMemberResponse> Members,
    IReadOnlyList<RoomBotResponse> Bots,
    MessageResponse? LastMessage,
    int UnreadCount);
