namespace Warbler.Chat.Attachments;

/// <summary>Log messages of attachments. File names and contents are never logged.</summary>
internal static partial class AttachmentsLog
{
    [LoggerMessage(71, LogLevel.Debug, "User {UserId} uploaded {Kind} attachment {AttachmentId} ({Size} bytes) to room {RoomId}.")]
    public static partial void Uploaded(ILogger logger, Guid userId, string kind, Guid attachmentId, long size, Guid roomId);

    [LoggerMessage(72, LogLevel.Warning, "The stored file {BlobKey} could not be deleted; it is left in the store.")]
    public static partial void BlobNotDeleted(ILogger logger, Exception exception, string blobKey);

    [LoggerMessage(73, LogLevel.Information, "Removed {Count} uploads never sent with a message.")]
    public static partial void UnsentRemoved(ILogger logger, int count);

    [LoggerMessage(74, LogLevel.Warning, "Removing uploads never sent failed; trying again in {Interval}.")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(75, LogLevel.Warning, "The file of attachment {AttachmentId} is missing from the store; a bot's context goes without it.")]
    public static partial void FileMissing(ILogger logger, Guid attachmentId);
}
