namespace Warbler.Chat.Files;

/// <summary>What a file is, read from its bytes (never trusted from its name).</summary>
/// <param name="Kind">The kind of file.</param>
/// <param name="MediaType">The media type to store and serve it with (text is always <c>text/plain</c> or <c>text/markdown</c>, never HTML).</param>
/// <param name="Width">An image's width in pixels.</param>
/// <param name="Height">An image's height in pixels.</param>
public sealed record SniffedFile(FileKind Kind, string MediaType, int? Width = null, int? Height = null);
