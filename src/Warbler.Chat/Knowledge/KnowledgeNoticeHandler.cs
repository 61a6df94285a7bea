using Warbler.Cluster;

namespace Warbler.Chat.Knowledge;

/// <summary>Another server changed a knowledge base's vectors: this one reads them again.</summary>
internal sealed class KnowledgeNoticeHandler(InMemoryVectorStore store) : IClusterNoticeHandler<KnowledgeNotice>
{
    public Task HandleAsync(KnowledgeNotice notice, CancellationToken cancellationToken) => notice.DocumentId is { } document
        ? store.ApplyDocumentAsync(notice.KnowledgeBaseId, document, cancellationToken)
        : Task.FromResult(store.Forget(notice.KnowledgeBaseId));

    /// <summary>Notices may have been missed: every base is read again when next searched.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken)
    {
        store.ForgetAll();
        return Task.CompletedTask;
    }
}
