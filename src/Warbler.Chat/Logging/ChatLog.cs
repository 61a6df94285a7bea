namespace Warbler.Chat;

/// <summary>The chat service's log messages. Message text is never logged.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Writing the bot reply {MessageId} failed unexpectedly.")]
    public static partial void ReplyCrashed(ILogger logger, Exception exception, long messageId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Count} bot replies were left unfinished by the last run and are marked failed.")]
    public static partial void UnfinishedRepliesFailed(ILogger logger, int count);
}
