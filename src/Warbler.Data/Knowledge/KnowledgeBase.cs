namespace Warbler.Data.Knowledge;

/// <summary>
/// A set of documents bots answer from. Its chunks are embedded with <see cref="EmbeddingModel"/>;
/// changing the model embeds them all again.
/// </summary>
public sealed class KnowledgeBase
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public string Description { get; set; } = "";

    public required string EmbeddingModel { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
