namespace Warbler.Data.Rooms;

/// <summary>A bot in a room, with this room's settings for it.</summary>
public sealed class RoomBot
{
    public Guid RoomId { get; set; }

    public Guid BotId { get; set; }

    public DateTime AddedAt { get; set; }

    /// <summary>Extra instructions for this room, added after the bot's own system prompt.</summary>
    public string? Instructions { get; set; }
}
