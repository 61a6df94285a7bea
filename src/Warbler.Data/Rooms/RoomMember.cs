namespace Warbler.Data.Rooms;

/// <summary>A person in a room, with how far they have read.</summary>
public sealed class RoomMember
{
    public Guid RoomId { get; set; }

    public Guid UserId { get; set; }

    public DateTime JoinedAt { get; set; }

    /// <summary>The newest message this member has read; messages after it count as unread.</summary>
    public long? LastReadMessageId { get; set; }
}
