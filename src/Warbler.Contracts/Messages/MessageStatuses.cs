namespace Warbler.Contracts.Messages;

/// <summary>The values of <see cref="Message.Status"/>.</summary>
public static class MessageStatuses
{
    /// <summary>A message that is whole: any message from a person, and a finished bot reply.</summary>
    public const string Complete = "complete";

    /// <summary>A bot reply being written.</summary>
    public const string Streaming = "streaming";

    /// <summary>A bot reply stopped before it ended; it keeps what was written.</summary>
    public const string Stopped = "stopped";

    /// <summary>A bot reply that failed; <see cref="Message.Error"/> says why.</summary>
    public const string Failed = "failed";

    /// <summary>A message its writer recalled for everyone.</summary>
    public const string Recalled = "recalled";
}
