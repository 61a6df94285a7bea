using Microsoft.Extensions.Hosting;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Writes journalled usage records to the database in batches, letting them gather for
/// <see cref="UsageOptions.FlushInterval"/> first, and forces the journal to disk every
/// <see cref="UsageOptions.JournalSyncInterval"/>. A failed write is retried, with growing pauses,
/// until it succeeds, and never stores a record twice; a journal file goes only once the database
/// has committed its records. On shutdown (after the server has finished its requests) everything is written.
/// </summary>
internal sealed class UsageWriterService(UsageWriter writer, UsageSegmentStore store, IOptions<UsageOptions> options, TimeProvider time)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopSync = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sync = SyncAsync(stopSync.Token);
        try
        {
            while (await writer.WaitAsync(stoppingToken))
            {
                if (writer.Waiting < options.Value.BatchSize)
                {
                    await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
                }

                await WriteTakenAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: fall through and drain.
        }

        writer.Complete();
        await WriteTakenAsync(CancellationToken.None);
        await stopSync.CancelAsync();
        await sync;
    }

    private async Task WriteTakenAsync(CancellationToken stoppingToken)
    {
        foreach (var segment in writer.Take())
        {
            await store.StoreAsync(segment, retry: true, stoppingToken);
        }
    }

    /// <summary>Group commit: one fsync for all the records appended since the last one.</summary>
    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.JournalSyncInterval;
        if (interval == TimeSpan.Zero || writer.JournalFolder is null)
        {
            return;
        }

        // Its own thread: an fsync blocks, and must not hold up the thread pool. It sleeps on the
        // stop token's handle, which does not spin first as a blocked wait on a task does (8 % of a
        // core at 100 ticks a second, taken from the requests on a small machine).
        await Task.Factory.StartNew(
            () =>
            {
                while (!cancellationToken.WaitHandle.WaitOne(interval))
                {
                    writer.Sync();
                }

                writer.Sync();
            },
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }
}
