namespace Warbler.Data.Rooms;

/// <summary>An earlier text of a message, kept when it was edited or regenerated.</summary>
public sealed class MessageVersion
{
    public long Id { get; set; }

    public long MessageId { get; set; }

    public int Version { get; set; }

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public string? Model { get; set; }
}
