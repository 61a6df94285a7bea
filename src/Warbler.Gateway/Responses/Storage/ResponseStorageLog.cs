namespace Warbler.Gateway.Responses.Storage;

/// <summary>Stored responses' messages (event ids 180–189). Their text is never logged.</summary>
internal static partial class ResponseStorageLog
{
    [LoggerMessage(180, LogLevel.Error, "Storing {Count} responses failed ({Error}); trying again in {Pause}.")]
    public static partial void WriteRetrying(ILogger logger, int count, string error, TimeSpan pause);

    [LoggerMessage(181, LogLevel.Error, "Could not store {Count} responses ({Error}); they can no longer be read or continued.")]
    public static partial void WriteFailed(ILogger logger, int count, string error);

    [LoggerMessage(182, LogLevel.Debug, "Deleted {Count} stored responses whose retention had ended.")]
    public static partial void Swept(ILogger logger, int count);

    [LoggerMessage(183, LogLevel.Warning, "Deleting expired stored responses failed ({Error}); the next sweep tries again.")]
    public static partial void SweepFailed(ILogger logger, string error);
}
