namespace Warbler.Chat.Knowledge;

/// <summary>
/// Where retrieval looks for the chunks closest to a question: in memory over the stored vectors
/// (<see cref="InMemoryVectorStore"/>, any database), or in PostgreSQL with pgvector
/// (<c>PgvectorStore</c>, chosen at start when the extension can be created).
/// </summary>
internal interface IVectorStore
{
    /// <summary>The <paramref name="k"/> chunks of these knowledge bases' ready documents closest to <paramref name="query"/>, best first.</summary>
    Task<List<VectorHit>> SearchAsync(IReadOnlyCollection<Guid> knowledgeBaseIds, float[] query, int k, CancellationToken cancellationToken);

    /// <summary>A document was embedded, failed or deleted: its chunks are read again.</summary>
    Task DocumentChangedAsync(Guid knowledgeBaseId, Guid documentId, CancellationToken cancellationToken);

    /// <summary>A knowledge base changed as a whole (its model, or it was deleted): it is read again when next searched.</summary>
    Task KnowledgeBaseChangedAsync(Guid knowledgeBaseId, CancellationToken cancellationToken);
}
