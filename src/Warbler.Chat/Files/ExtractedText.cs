namespace Warbler.Chat.Files;

/// <summary>A document's text, and whether it stopped at <see cref="FilesOptions.MaxTextCharacters"/>.</summary>
public sealed record ExtractedText(string Text, bool Truncated);
