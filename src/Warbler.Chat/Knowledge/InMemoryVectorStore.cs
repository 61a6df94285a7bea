using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Knowledge;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// The default <see cref="IVectorStore"/>: each knowledge base's vectors held in memory
/// (<see cref="VectorIndex"/>), read from the database when the base is first searched, and kept
/// up to date document by document as they change here or, told by a cluster notice, on another server.
/// </summary>
internal sealed class InMemoryVectorStore(IServiceScopeFactory scopes, ClusterNotices notices) : IVectorStore
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<Holder>>> _bases = new();

    public async Task<List<VectorHit>> SearchAsync(IReadOnlyCollection<Guid> knowledgeBaseIds, float[] query, int k, CancellationToken cancellationToken)
    {
        var hits = new List<VectorHit>();
        foreach (var id in knowledgeBaseIds)
        {
            var index = await GetAsync(id, cancellationToken);
            hits.AddRange(index.Search(query, k));
        }

        return [.. hits.OrderByDescending(h => h.Score).Take(k)];
    }

    public async Task DocumentChangedAsync(Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken)
    {
        await ApplyDocumentAsync(knowledgeBaseId, documentId, cancellationToken);
        notices.Publish(KnowledgeNotice.Topic, new KnowledgeNotice(knowledgeBaseId, documentId));
    }

    public Task KnowledgeBaseChangedAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        Forget(knowledgeBaseId);
        notices.Publish(KnowledgeNotice.Topic, new KnowledgeNotice(knowledgeBaseId, null));
        return Task.CompletedTask;
    }

    /// <summary>The base's index, read from the database the first time.</summary>
    public async Task<VectorIndex> GetAsync(Guid knowledgeBaseId, CancellationToken cancellationToken)
    {
        var entry = _bases.GetOrAdd(knowledgeBaseId, id => new Lazy<Task<Holder>>(() => LoadAsync(id)));
        try
        {
            return (await entry.Value.WaitAsync(cancellationToken)).Index;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed read is not kept: the next search tries again.
            _bases.TryRemove(new KeyValuePair<Guid, Lazy<Task<Holder>>>(knowledgeBaseId, entry));
            throw;
        }
    }

    /// <summary>Reads one document's vectors again into its base's index, if the base is held.</summary>
    public async Task ApplyDocumentAsync(Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken)
    {
        if (!_bases.TryGetValue(knowledgeBaseId, out var entry))
        {
            return; // Read whole when first searched.
        }

        Holder holder;
        try
        {
            holder = await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return; // Its read failed; it is read again when next searched.
        }

        await holder.Changes.WaitAsync(cancellationToken);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            var document = await ReadDocumentAsync(db, knowledgeBaseId, documentId, cancellationToken);
            holder.Index = document is null ? holder.Index.Without(documentId) : holder.Index.With(document);
        }
        finally
        {
            holder.Changes.Release();
        }
    }

    /// <summary>Drops a base's index; true when it was held.</summary>
    public bool Forget(Guid knowledgeBaseId) => _bases.TryRemove(knowledgeBaseId, out _);

    public void ForgetAll() => _bases.Clear();

    private async Task<Holder> LoadAsync(Guid knowledgeBaseId)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var documents = new List<DocumentVectors>();
        var ids = await ReadyDocuments(db, knowledgeBaseId).Select(d => d.Id).ToListAsync(CancellationToken.None);
        foreach (var id in ids)
        {
            if (await ReadDocumentAsync(db, knowledgeBaseId, id, CancellationToken.None) is { } document)
            {
                documents.Add(document);
            }
        }

        return new Holder { Index = VectorIndex.Of(documents) };
    }

    /// <summary>A document's vectors, or null when it is not (or no longer) ready with its base's model.</summary>
    private static async Task<DocumentVectors?> ReadDocumentAsync(WarblerDbContext db, Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken)
    {
        if (!await ReadyDocuments(db, knowledgeBaseId).AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            return null;
        }

        var chunks = await db.KnowledgeChunks.AsNoTracking()
            .Where(c => c.DocumentId == documentId)
            .OrderBy(c => c.Ordinal)
            .Select(c => new { c.Id, c.Vector, c.Dimensions })
            .ToListAsync(cancellationToken);
        if (chunks.Count == 0 || chunks.Any(c => c.Dimensions != chunks[0].Dimensions || c.Vector.Length != c.Dimensions * sizeof(float)))
        {
            return null;
        }

        return DocumentVectors.FromStored(documentId, [.. chunks.Select(c => (c.Id, c.Vector))], chunks[0].Dimensions);
    }

    /// <summary>A base's documents whose chunks are embedded with the base's current model.</summary>
    private static IQueryable<KnowledgeDocument> ReadyDocuments(WarblerDbContext db, Guid knowledgeBaseId) =>
        from document in db.KnowledgeDocuments.AsNoTracking()
        join knowledgeBase in db.KnowledgeBases on document.KnowledgeBaseId equals knowledgeBase.Id
        where knowledgeBase.Id == knowledgeBaseId && document.Status == DocumentStatus.Ready && document.EmbeddingModel == knowledgeBase.EmbeddingModel
        select document;

    private sealed class Holder
    {
        public SemaphoreSlim Changes { get; } = new(1, 1);

        public volatile VectorIndex Index = VectorIndex.Empty;
    }
}
