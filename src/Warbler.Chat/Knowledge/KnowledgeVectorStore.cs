namespace Warbler.Chat.Knowledge;

/// <summary>
/// The <see cref="IVectorStore"/> retrieval and ingestion use: pgvector once <see cref="VectorStoreStarter"/>
/// found it available at start, the in-memory index otherwise (and until then).
/// </summary>
internal sealed class KnowledgeVectorStore(InMemoryVectorStore inMemory) : IVectorStore
{
    private volatile IVectorStore? _pgvector;

    /// <summary>True once vectors are searched in PostgreSQL.</summary>
    public bool UsesPgvector => _pgvector is not null;

    private IVectorStore Current => _pgvector ?? inMemory;

    public void UsePgvector(IVectorStore pgvector) => _pgvector = pgvector;

    public Task<List<VectorHit>> SearchAsync(IReadOnlyCollection<Guid> knowledgeBaseIds, float[] query, int k, CancellationToken cancellationToken) =>
        Current.SearchAsync(knowledgeBaseIds, query, k, cancellationToken);

    public Task DocumentChangedAsync(Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken) =>
        Current.DocumentChangedAsync(knowledgeBaseId, documentId, cancellationToken);

    public Task KnowledgeBaseChangedAsync(Guid knowledgeBaseId, CancellationToken cancellationToken) =>
        Current.KnowledgeBaseChangedAsync(knowledgeBaseId, cancellationToken);
}
