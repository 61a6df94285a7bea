namespace Warbler.Data.Knowledge;

/// <summary>
/// A file uploaded to a knowledge base. Its text is kept, so it can be chunked and embedded again
/// (after a restart, or when the base's embedding model changes) without the file itself.
/// </summary>
public sealed class KnowledgeDocument
{
    public Guid Id { get; set; }

    public Guid KnowledgeBaseId { get; set; }

    public required string FileName { get; set; }

    public required string MediaType { get; set; }

    /// <summary>The uploaded file's size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>The text read from the file, Markdown headings included.</summary>
    public string Text { get; set; } = "";

    public DocumentStatus Status { get; set; }

    /// <summary>Why ingestion failed, in words for the admin.</summary>
    public string? Error { get; set; }

    public int ChunkCount { get; set; }

    /// <summary>The model its stored chunks were embedded with; null until they first are.</summary>
    public string? EmbeddingModel { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

public enum DocumentStatus
{
    /// <summary>Waiting to be chunked and embedded (again).</summary>
    Pending,

    Ready,

    Failed,
}
