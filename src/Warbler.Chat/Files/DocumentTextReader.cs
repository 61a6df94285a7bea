namespace Warbler.Chat.Files;

/// <summary>
/// Text from a document, for a model's context: text, Markdown and code as they are, PDF via PdfPig,
/// .docx via DocumentFormat.OpenXml (headings kept as Markdown '#' lines, paragraphs as paragraphs).
/// </summary>
public sealed class DocumentTextReader(IOptions<FilesOptions> options)
{
    /// <summary>
    /// Reads the text of <paramref name="content"/>, a file that <see cref="FileSniffer"/> found to be
    /// <paramref name="file"/>. Throws <see cref="UnreadableFileException"/> (message in words for people)
    /// for a document that cannot be read: a PDF that fails to parse or needs a password, a .docx that
    /// unpacks to far more than a document needs, text that is not UTF-8. Stops at
    /// <see cref="FilesOptions.MaxTextCharacters"/> and says so (<see cref="ExtractedText.Truncated"/>).
    /// </summary>
    public async Task<ExtractedText> ReadAsync(Stream content, SniffedFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(file);
        var settings = options.Value;
        switch (file.Kind)
        {
            case FileKind.Text:
                return await PlainTextReader.ReadAsync(content, settings.MaxTextCharacters, cancellationToken);
            case FileKind.Pdf:
            {
                await using var seekable = await SeekableCopy.OfAsync(content, settings.MaxFileBytes, cancellationToken);
                return PdfTextReader.Read(seekable, settings.MaxTextCharacters, cancellationToken);
            }

            case FileKind.Word:
            {
                await using var seekable = await SeekableCopy.OfAsync(content, settings.MaxFileBytes, cancellationToken);
                await ZipGuard.CheckAsync(seekable, cancellationToken);
                seekable.Position = 0;
                return WordTextReader.Read(seekable, settings.MaxTextCharacters, cancellationToken);
            }

            default:
                throw new UnreadableFileException("An image has no text to read.");
        }
    }
}
