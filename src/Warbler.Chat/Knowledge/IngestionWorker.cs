using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Data;
using Warbler.Data.Knowledge;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// Ingests queued documents one at a time in the background. At start it queues the documents a
/// previous run left pending (uploaded, or waiting to be embedded again), so none is lost to a restart.
/// </summary>
internal sealed class IngestionWorker(IngestionQueue queue, IServiceScopeFactory scopes, ILogger<IngestionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using (var scope = scopes.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
                var pending = await db.KnowledgeDocuments.AsNoTracking()
                    .Where(d => d.Status == DocumentStatus.Pending)
                    .OrderBy(d => d.CreatedAt)
                    .Select(d => d.Id)
                    .ToListAsync(stoppingToken);
                if (pending.Count > 0)
                {
                    KnowledgeLog.ResumingPending(logger, pending.Count);
                }

                pending.ForEach(queue.Enqueue);
            }

            await foreach (var documentId in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    await scope.ServiceProvider.GetRequiredService<DocumentIngester>().IngestAsync(documentId, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Left pending: ingested again at the next start.
                    KnowledgeLog.IngestionCrashed(logger, exception, documentId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; pending documents are resumed at the next start.
        }
    }
}
