namespace Warbler.Chat.Replies;

/// <summary>A bot reply to write: the placeholder message, the message it answers, and the user it is for.</summary>
internal sealed record ReplyJob(Guid RoomId, Guid BotId, long ReplyId, long TriggerId, Guid RequestedBy)
{
    public CancellationTokenSource Stop { get; } = new();

    /// <summary>Completes once the reply is stored, whatever its end.</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
