using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Data;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>
/// Deletes stored responses whose retention has ended, every <see cref="ResponseStorageOptions.SweepInterval"/>,
/// <see cref="ResponseStorageOptions.SweepBatchSize"/> at a time so other writes get their turn between
/// batches. Reads refuse an expired response at once; this only frees its space.
/// </summary>
internal sealed class ResponseRetentionSweep(
    IServiceScopeFactory scopes, IOptions<ResponseStorageOptions> options, TimeProvider time, ILogger<ResponseRetentionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (StorageFailure.IsUnavailable(exception) || exception is DbUpdateException)
                {
                    ResponseStorageLog.SweepFailed(logger, exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Deletes every response expired by now, a batch at a time; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var batchSize = options.Value.SweepBatchSize;
        var total = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            var ids = await db.StoredResponses.AsNoTracking()
                .Where(r => r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt)
                .Select(r => r.Id)
                .Take(batchSize)
                .ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                break;
            }

            total += await SerialWrites.RunAsync(db, () =>
                db.StoredResponses.Where(r => ids.Contains(r.Id) && r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken));
            if (ids.Count < batchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            ResponseStorageLog.Swept(logger, total);
        }

        return total;
    }
}
