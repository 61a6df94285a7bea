namespace Warbler.Gateway.Usage;

/// <summary>The usage journal's messages (event ids 40–50).</summary>
internal static partial class JournalLog
{
    [LoggerMessage(40, LogLevel.Information, "Usage records are journalled in {Folder} before their answers end.")]
    public static partial void Opened(ILogger logger, string folder);

    [LoggerMessage(41, LogLevel.Warning, "Usage records are not journalled (Usage:Journal is false, or the database is in memory): a crash loses those not yet in the database.")]
    public static partial void NotJournalled(ILogger logger);

    [LoggerMessage(42, LogLevel.Information, "Found {Count} usage journal files left by an earlier run; writing their records to the database.")]
    public static partial void LeftoversFound(ILogger logger, int count);

    [LoggerMessage(43, LogLevel.Information, "Replayed the usage journal: {Stored} records stored, {Already} already stored before the crash.")]
    public static partial void Replayed(ILogger logger, int stored, int already);

    [LoggerMessage(44, LogLevel.Error, "The usage journal left by an earlier run could not be written to the database ({Error}); it is written when the database answers, and budgets loaded now do not count it yet.")]
    public static partial void ReplayDeferred(ILogger logger, string error);

    [LoggerMessage(45, LogLevel.Warning, "Skipped line {Line} of the usage journal {Path} ({Length} bytes): not a whole record, as the last line of a write cut off by a crash.")]
    public static partial void LineSkipped(ILogger logger, string path, int line, int length);

    [LoggerMessage(46, LogLevel.Critical, "A usage record could not be written to the journal ({Error}); {Failures} so far. It is kept in memory only; with Usage:OnJournalFailure=Refuse its answer is cut off instead.")]
    public static partial void AppendFailed(ILogger logger, string error, long failures);

    [LoggerMessage(47, LogLevel.Critical, "The usage journal could not be forced to disk ({Error}).")]
    public static partial void SyncFailed(ILogger logger, string error);

    [LoggerMessage(48, LogLevel.Warning, "Moved {Count} usage journal files of a stopped server from {Folder} to this server's journal.")]
    public static partial void Adopted(ILogger logger, int count, string folder);

    [LoggerMessage(49, LogLevel.Error, "The usage journal file {Path} could not be removed after its records were stored ({Error}); the next start finds them stored already.")]
    public static partial void NotRemoved(ILogger logger, string path, string error);

    [LoggerMessage(50, LogLevel.Critical, "The usage journal file {Path} could not be read ({Error}); its {Count} records cannot be stored.")]
    public static partial void NotRead(ILogger logger, string path, string error, int count);
}
