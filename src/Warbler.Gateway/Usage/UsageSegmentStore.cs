using Warbler.Data;
using Warbler.Data.Usage;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Stores the records of one journal file (or of the memory queue) in the database, in batches
/// whose ids come from the file, then lets the file go. A batch an earlier attempt or an earlier
/// run may have stored is looked for first and not written twice.
/// </summary>
internal sealed class UsageSegmentStore(UsageWriter writer, IServiceScopeFactory scopes, TimeProvider time, ILogger<UsageWriterService> logger)
{
    /// <summary>Short, so that records reach reports within seconds of the database coming back; each attempt costs one connection attempt.</summary>
    private static readonly TimeSpan MaxRetryPause = StorageRetry.MaxPause;

    /// <summary>
    /// Stores the segment's records; with <paramref name="retry"/> false, one attempt per batch and
    /// the exception of a failed one (the segment stays, for a later call). Returns the records
    /// written now and those found stored already.
    /// </summary>
    public async Task<(int Stored, int Already)> StoreAsync(JournalSegment segment, bool retry, CancellationToken stoppingToken)
    {
        var records = segment.Records;
        if (records is null)
        {
            try
            {
                records = JournalFile.Read(segment.Path!, logger);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A file gone or unreadable will not come back: say so loudly, and go on with the others.
                JournalLog.NotRead(logger, segment.Path!, exception.Message, segment.Count);
                writer.Stored(segment, segment.Left ? 0 : segment.Count);
                return (0, 0);
            }

            if (segment.Left)
            {
                writer.Found(records.Count);
            }
        }

        var stored = 0;
        var already = 0;
        for (var index = 0; index * segment.BatchSize < records.Count; index++)
        {
            var batch = records.GetRange(index * segment.BatchSize, Math.Min(segment.BatchSize, records.Count - (index * segment.BatchSize)));
            if (await WriteAsync(batch, segment.BatchId(index), segment.Left, retry, stoppingToken))
            {
                stored += batch.Count;
            }
            else
            {
                already += batch.Count;
            }
        }

        writer.Stored(segment, records.Count);
        return (stored, already);
    }

    private async Task<bool> WriteAsync(List<UsageRecord> batch, Guid batchId, bool again, bool retry, CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
                if (!await UsageRecordInserter.InsertAsync(db, batchId, batch, again, time, CancellationToken.None))
                {
                    GatewayLog.UsageRecordsAlreadyStored(logger, batch.Count);
                    return false;
                }

                return true;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && retry)
            {
                // The database may have committed the batch before the failure (a connection that
                // dropped while the commit was answered): the next attempt looks for its id first.
                again = true;
                GatewayLog.UsageWriteFailed(logger, batch.Count, exception.Message, pause);

                // While stopping, keep trying briefly rather than lose records; a pause that is
                // cancelled by shutdown just ends early.
                await Task.Delay(pause, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxRetryPause.Ticks));
            }
        }
    }
}
