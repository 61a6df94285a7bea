namespace Warbler.Contracts.Rooms;

/// <summary>A person in a room.</summary>
/// <param name="UserId">Their user id.</param>
/// <param name="Name">Their display name.</param>
public sealed record RoomMember(Guid UserId, string Name);
