using System.Text.Json.Serialization;
using Warbler.Contracts.Messages;

namespace Warbler.Contracts.Rooms;

/// <summary>A room as its members see it: who is in it, its bots, its newest message and how much is unread.</summary>
/// <param name="Id">The room's id.</param>
/// <param name="Kind"><see cref="RoomKinds.Direct"/> or <see cref="RoomKinds.Group"/>.</param>
/// <param name="Title">Its title, if it has one.</param>
/// <param name="OwnerId">The user who created it: they may delete it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastActivityAt">When something last happened in it.</param>
/// <param name="Members">The people in it.</param>
/// <param name="Bots">The bots in it.</param>
/// <param name="LastMessage">Its newest message, if any.</param>
/// <param name="UnreadCount">Messages after the caller's read position (0 in real-time events, where it is not counted).</param>
public sealed record Room(
    Guid Id,
    string Kind,
    string? Title,
    Guid OwnerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    IReadOnlyList<RoomMember> Members,
    IReadOnlyList<RoomBot> Bots,
    Message? LastMessage,
    int UnreadCount)
{
    /// <summary>Whether this is a direct room: the caller and exactly one user or bot.</summary>
    [JsonIgnore]
    public bool IsDirect => Kind == RoomKinds.Direct;
}
