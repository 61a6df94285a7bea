using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Data;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>
/// Writes saved responses to the database off the requests' path: all that are waiting, in one
/// transaction. A database out of reach is waited for (the responses stay readable from memory
/// meanwhile); on shutdown, after the server has finished its requests, everything waiting is written.
/// </summary>
internal sealed class ResponseStoreWriter(ResponseStore store, TimeProvider time, ILogger<ResponseStoreWriter> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await store.Queue.WaitToReadAsync(stoppingToken))
            {
                await WriteWaitingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write what is left.
        }

        store.Complete();
        await WriteWaitingAsync(CancellationToken.None);
    }

    private async Task WriteWaitingAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingResponse>();
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && store.Queue.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await StorageRetry.WhileUnavailableAsync(
                    () => store.WriteAsync(batch, CancellationToken.None),
                    (exception, pause) => ResponseStorageLog.WriteRetrying(logger, batch.Count, exception.Message, pause),
                    time,
                    stoppingToken);
            }
            catch (DbUpdateException) when (batch.Count > 1)
            {
                // One bad response (an id stored already) must not cost the others theirs.
                foreach (var pending in batch)
                {
                    await WriteOneAsync(pending);
                }
            }
            catch (Exception exception) when (exception is DbUpdateException || StorageFailure.IsUnavailable(exception))
            {
                ResponseStorageLog.WriteFailed(logger, batch.Count, exception.Message);
            }
            finally
            {
                store.Settle(batch);
            }
        }
    }

    private async Task WriteOneAsync(PendingResponse pending)
    {
        try
        {
            await store.WriteAsync([pending], CancellationToken.None);
        }
        catch (Exception exception) when (exception is DbUpdateException || StorageFailure.IsUnavailable(exception))
        {
            ResponseStorageLog.WriteFailed(logger, 1, exception.Message);
        }
    }
}
