namespace Warbler.Chat.Files;

internal static partial class FilesLog
{
    [LoggerMessage(1901, LogLevel.Information, "Created the S3 bucket '{Bucket}' for files (Chat:Files:S3:CreateBucket).")]
    public static partial void BucketCreated(ILogger logger, string bucket);

    [LoggerMessage(1902, LogLevel.Warning, "Could not abort an unfinished upload to the S3 bucket '{Bucket}'; its parts stay until the bucket's lifecycle rules remove them.")]
    public static partial void UploadNotAborted(ILogger logger, string bucket, Exception exception);

    [LoggerMessage(1903, LogLevel.Information, "Files are stored {Where} (Chat:Files:Store).")]
    public static partial void StoreChosen(ILogger logger, string where);
}
