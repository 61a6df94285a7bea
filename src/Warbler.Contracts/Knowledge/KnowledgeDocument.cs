namespace Warbler.Contracts.Knowledge;

/// <summary>A document of a knowledge base.</summary>
/// <param name="Id">Its id.</param>
/// <param name="KnowledgeBaseId">The base it belongs to.</param>
/// <param name="FileName">The uploaded file's name.</param>
/// <param name="MediaType">Its type, as read from its content.</param>
/// <param name="Size">The file's size in bytes.</param>
/// <param name="Status"><c>pending</c> (being chunked and embedded), <c>ready</c> or <c>failed</c>.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Chunks">How many chunks it was split into.</param>
/// <param name="EmbeddingModel">The model its chunks were embedded with; null before they first are.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record KnowledgeDocument(
    Guid Id, Guid KnowledgeBaseId, string FileName, string MediaType, long Size, string Status, string? Error, int Chunks, string? EmbeddingModel,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
