namespace Warbler.Data.Knowledge;

/// <summary>
/// A passage a bot's reply was given from a knowledge base, kept with the reply so its history
/// shows it even after the document is gone.
/// </summary>
public sealed class MessageSource
{
    public long Id { get; set; }

    /// <summary>The reply.</summary>
    public long MessageId { get; set; }

    /// <summary>Its number in the reply's context, from 1: the model cites it as [1], [2]…</summary>
    public int Index { get; set; }

    public Guid DocumentId { get; set; }

    public string DocumentName { get; set; } = "";

    public Guid ChunkId { get; set; }

    public string? Heading { get; set; }

    /// <summary>The start of the passage, for people to recognize it.</summary>
    public string Passage { get; set; } = "";

    /// <summary>Cosine similarity to what was asked.</summary>
    public double Score { get; set; }
}
