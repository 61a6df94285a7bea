namespace Warbler.Data.Rooms;

/// <summary>
/// A conversation place, as in instant messaging: people and bots are its members. A ChatGPT-style
/// conversation is a direct room between one user and one bot.
/// </summary>
public sealed class Room
{
    public Guid Id { get; set; }

    public RoomKind Kind { get; set; }

    public string? Title { get; set; }

    /// <summary>The user who created the room; only they may delete it.</summary>
    public Guid OwnerId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the newest message arrived (or the room was created): rooms are listed newest first.</summary>
    public DateTime LastActivityAt { get; set; }

    public List<RoomMember> Members { get; set; } = [];

    public List<RoomBot> Bots { get; set; } = [];
}

public enum RoomKind
{
    /// <summary>Two participants: the creator and one other user or one bot.</summary>
    Direct,

    /// <summary>Any number of people and bots; a bot answers when its @handle is mentioned.</summary>
    Group,
}
