namespace Warbler.Chat.Knowledge;

/// <summary>A passage of a document: its place, the headings above it (outermost first, joined by " › "), and its text.</summary>
internal sealed record TextChunk(int Ordinal, string? HeadingPath, string Text)
{
    public const string HeadingSeparator = " › ";

    /// <summary>What is embedded: the headings with the text, so a passage is found by its section's subject too.</summary>
    public string EmbeddingInput => HeadingPath is null ? Text : $"{HeadingPath}\n\n{Text}";
}
