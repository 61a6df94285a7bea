namespace Warbler.Data.Knowledge;

/// <summary>A passage of a document with its embedding.</summary>
public sealed class KnowledgeChunk
{
    public Guid Id { get; set; }

    public Guid DocumentId { get; set; }

    /// <summary>The document's base, so a base's vectors are read without a join.</summary>
    public Guid KnowledgeBaseId { get; set; }

    /// <summary>Its place in the document, from 0.</summary>
    public int Ordinal { get; set; }

    /// <summary>The headings above it, outermost first, joined by " › "; null before the first heading.</summary>
    public string? HeadingPath { get; set; }

    public string Text { get; set; } = "";

    /// <summary>The embedding as little-endian float32s, <see cref="Dimensions"/> of them.</summary>
    public byte[] Vector { get; set; } = [];

    public int Dimensions { get; set; }
}
