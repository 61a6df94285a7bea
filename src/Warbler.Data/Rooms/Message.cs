namespace Warbler.Data.Rooms;

/// <summary>
/// A message in a room, from a user or a bot. Ids grow with time, so they order the room's
/// history and serve as paging cursors.
/// </summary>
public sealed class Message
{
    public long Id { get; set; }

    public Guid RoomId { get; set; }

    public Guid? SenderUserId { get; set; }

    public Guid? SenderBotId { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The sender's own id for the message, so a retried send stores it once.</summary>
    public string? ClientMessageId { get; set; }

    public long? ReplyToId { get; set; }

    public MessageStatus Status { get; set; }

    /// <summary>Why a bot's reply failed, in words for the people in the room.</summary>
    public string? Error { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? EditedAt { get; set; }

    /// <summary>
    /// When the message last changed in any way: written, edited, finished or regenerated as a
    /// reply, recalled. A reconnecting client is sent what changed while it was away.
    /// </summary>
    public DateTime UpdatedAt { get; set; }

    /// <summary>1 for the first text; each edit or regeneration adds one and keeps the earlier text as a <see cref="MessageVersion"/>.</summary>
    public int Version { get; set; } = 1;

    /// <summary>For bot replies: the model that answered.</summary>
    public string? Model { get; set; }

    public int PromptTokens { get; set; }

    public int CompletionTokens { get; set; }

    /// <summary>True when the tokens were counted by Warbler rather than reported by the provider.</summary>
    public bool TokensEstimated { get; set; }
}

public enum MessageStatus
{
    Complete,

    /// <summary>A bot reply still being written.</summary>
    Streaming,

    /// <summary>A bot reply stopped by a person; it keeps what was written.</summary>
    Stopped,

    /// <summary>A bot reply that could not be produced; <see cref="Message.Error"/> says why.</summary>
    Failed,

    /// <summary>Recalled by its writer: a tombstone with no text, kept so every client learns it is gone.</summary>
    Recalled,
}
