using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Warbler.Data;
using Warbler.Data.Knowledge;
using Warbler.Gateway.Errors;
using Warbler.Gateway.InProcess;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// Chunks a pending document and embeds its chunks in batches through the gateway's in-process
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (routed, limited and metered like
/// <c>/v1/embeddings</c>; the usage records name the knowledge base as their user and bot), then
/// replaces its stored chunks with the new ones. A failure marks the document failed with the reason.
/// </summary>
internal sealed class DocumentIngester(
    WarblerDbContext db,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IVectorStore store,
    TokenCounter counter,
    IOptions<KnowledgeOptions> options,
    TimeProvider time,
    ILogger<DocumentIngester> logger)
{
    public async Task IngestAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var document = await db.KnowledgeDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is not { Status: DocumentStatus.Pending })
        {
            return; // Deleted, or already done by an earlier queueing.
        }

        var model = await db.KnowledgeBases.Where(b => b.Id == document.KnowledgeBaseId).Select(b => b.EmbeddingModel).SingleOrDefaultAsync(cancellationToken);
        if (model is null)
        {
            return;
        }

        var settings = options.Value;
        var chunks = new TextChunker(text => counter.Count(model, text), settings.ChunkTokens, settings.OverlapTokens).Split(document.Text);
        if (chunks.Count == 0)
        {
            await FinishAsync(document, model, [], "The document has no text to answer from.", cancellationToken);
            return;
        }

        var vectors = new List<float[]>(chunks.Count);
        try
        {
            for (var start = 0; start < chunks.Count; start += settings.EmbeddingBatchSize)
            {
                var batch = chunks.Skip(start).Take(settings.EmbeddingBatchSize).Select(c => c.EmbeddingInput).ToList();
                var request = new EmbeddingGenerationOptions { ModelId = model }.WithEmbeddingCaller(new GatewayCaller(
                    document.KnowledgeBaseId,
                    document.KnowledgeBaseId,
                    $"kb_{document.Id:N}_{(start / settings.EmbeddingBatchSize).ToString(CultureInfo.InvariantCulture)}",
                    KeyLimits.None));
                var embeddings = await generator.GenerateAsync(batch, request, cancellationToken);
                vectors.AddRange(embeddings.Select(e => e.Vector.ToArray()));
            }
        }
        catch (OpenAIErrorException failure)
        {
            KnowledgeLog.EmbeddingFailed(logger, document.Id, model, failure.Message);
            await FinishAsync(document, model, [], $"Embedding with '{model}' failed: {failure.Message}", cancellationToken);
            return;
        }

        if (vectors.Count != chunks.Count || vectors.Any(v => v.Length == 0 || v.Length != vectors[0].Length))
        {
            await FinishAsync(document, model, [], $"The model '{model}' gave vectors of differing sizes.", cancellationToken);
            return;
        }

        var stored = chunks.Select((chunk, i) => new KnowledgeChunk
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            DocumentId = document.Id,
            KnowledgeBaseId = document.KnowledgeBaseId,
            Ordinal = chunk.Ordinal,
            HeadingPath = Truncate(chunk.HeadingPath, KnowledgeLimits.HeadingMaxLength),
            Text = chunk.Text,
            Vector = MemoryMarshal.AsBytes(vectors[i].AsSpan()).ToArray(),
            Dimensions = vectors[i].Length,
        }).ToList();
        await FinishAsync(document, model, stored, null, cancellationToken);
    }

    /// <summary>Stores the outcome, unless the document was deleted or its base's model changed meanwhile (it is then queued again).</summary>
    private async Task FinishAsync(KnowledgeDocument read, string model, List<KnowledgeChunk> chunks, string? error, CancellationToken cancellationToken)
    {
        var stillWanted = await (
            from document in db.KnowledgeDocuments
            join knowledgeBase in db.KnowledgeBases on document.KnowledgeBaseId equals knowledgeBase.Id
            where document.Id == read.Id && document.Status == DocumentStatus.Pending && knowledgeBase.EmbeddingModel == model && document.UpdatedAt == read.UpdatedAt
            select document.Id).AnyAsync(cancellationToken);
        if (!stillWanted)
        {
            return;
        }

        var now = time.GetUtcNow().UtcDateTime;
        await SerialWrites.RunAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.KnowledgeChunks.Where(c => c.DocumentId == read.Id).ExecuteDeleteAsync(cancellationToken);
            db.KnowledgeChunks.AddRange(chunks);
            await db.SaveChangesAsync(cancellationToken);
            await db.KnowledgeDocuments.Where(d => d.Id == read.Id).ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.Status, error is null ? DocumentStatus.Ready : DocumentStatus.Failed)
                    .SetProperty(d => d.Error, Truncate(error, KnowledgeLimits.ErrorMaxLength))
                    .SetProperty(d => d.ChunkCount, chunks.Count)
                    .SetProperty(d => d.EmbeddingModel, error is null ? model : null)
                    .SetProperty(d => d.UpdatedAt, now),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        db.ChangeTracker.Clear();
        if (error is null)
        {
            KnowledgeLog.DocumentIngested(logger, read.Id, chunks.Count, model);
        }

        await store.DocumentChangedAsync(read.KnowledgeBaseId, read.Id, cancellationToken);
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
