using Warbler.Data;
using Warbler.Data.Knowledge;
using KnowledgeBaseResponse = Warbler.Contracts.Knowledge.KnowledgeBase;
using KnowledgeDocumentResponse = Warbler.Contracts.Knowledge.KnowledgeDocument;

namespace Warbler.Chat.Knowledge;

/// <summary>Knowledge bases and documents as the admin API shows them.</summary>
internal static class KnowledgeResponses
{
    public static KnowledgeBaseResponse Describe(KnowledgeBase knowledgeBase, int documents, int chunks) => new(
        knowledgeBase.Id,
        knowledgeBase.Name,
        knowledgeBase.Description,
        knowledgeBase.EmbeddingModel,
        documents,
        chunks,
        StoredTime.AsUtc(knowledgeBase.CreatedAt),
        StoredTime.AsUtc(knowledgeBase.UpdatedAt));

    public static KnowledgeDocumentResponse Describe(KnowledgeDocument document) => new(
        document.Id,
        document.KnowledgeBaseId,
        document.FileName,
        document.MediaType,
        document.Size,
        document.Status.ToString().ToLowerInvariant(),
        document.Error,
        document.ChunkCount,
        document.EmbeddingModel,
        StoredTime.AsUtc(document.CreatedAt),
        StoredTime.AsUtc(document.UpdatedAt));
}
