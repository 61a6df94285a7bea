using Microsoft.Extensions.Hosting;
using Warbler.Data;
using Warbler.Data.Usage;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Writes queued usage records in batches, letting them gather for <see cref="UsageOptions.FlushInterval"/> first. A failed write is retried, with growing pauses, until
/// it succeeds, and never stores a record twice; on shutdown (after the server has finished its requests) everything queued is written.
/// </summary>
internal sealed class UsageWriterService(UsageWriter writer, IServiceScopeFactory scopes, IOptions<UsageOptions> options, TimeProvider time, ILogger<UsageWriterService> logger)
    : BackgroundService
{
    /// <summary>Short, so that records reach reports within seconds of the database coming back; each attempt costs one connection attempt.</summary>
    private static readonly TimeSpan MaxRetryPause = StorageRetry.MaxPause;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await writer.Reader.WaitToReadAsync(stoppingToken))
            {
                if (writer.QueueLength < options.Value.BatchSize)
                {
                    await Task.Delay(options.Value.FlushInterval, time, stoppingToken);
                }

                await WriteQueuedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: fall through and drain.
        }

        writer.Complete();
        await WriteQueuedAsync(CancellationToken.None);
    }

    private async Task WriteQueuedAsync(CancellationToken stoppingToken)
    {
        var batch = new List<UsageRecord>(options.Value.BatchSize);
        while (true)
        {
            batch.Clear();
            while (batch.Count < options.Value.BatchSize && writer.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await WriteWithRetriesAsync(batch, stoppingToken);
        }
    }

    private async Task WriteWithRetriesAsync(List<UsageRecord> batch, CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(200);
        var batchId = Guid.CreateVersion7(time.GetUtcNow());
        var again = false;
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
                if (!await UsageRecordInserter.InsertAsync(db, batchId, batch, again, time, CancellationToken.None))
                {
                    GatewayLog.UsageRecordsAlreadyStored(logger, batch.Count);
                }

                writer.Stored(batch.Count);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
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
