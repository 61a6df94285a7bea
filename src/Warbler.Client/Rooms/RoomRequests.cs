namespace Warbler.Client.Rooms;

/// <summary>The body of <c>POST /api/rooms</c>.</summary>
internal sealed record CreateRoomRequest(string Kind, string? Title, IReadOnlyList<Guid>? Members, IReadOnlyList<string>? Bots);

/// <summary>The body of <c>PATCH /api/rooms/{id}</c>: fields left <c>null</c> are left out and stay as they are.</summary>
internal sealed record UpdateRoomRequest(string? Title, IReadOnlyList<RoomBotSettings>? Bots, IReadOnlyList<Guid>? AddMembers);

/// <summary>The body of <c>POST /api/rooms/{id}/read</c>.</summary>
internal sealed record MarkReadRequest(long MessageId);
