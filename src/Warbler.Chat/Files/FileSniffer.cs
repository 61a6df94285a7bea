namespace Warbler.Chat.Files;

/// <summary>
/// Tells what a file is from its first bytes, and refuses it when the content is not an accepted
/// type or does not agree with the name: the name is what a browser or client will judge the file
/// by later, so a PDF named <c>.png</c> or a program named <c>.txt</c> is not let in.
/// </summary>
public static class FileSniffer
{
    /// <summary>How many leading bytes to pass: the sniffer reads no further.</summary>
    public const int HeadLength = 8 * 1024;

    private const string Accepted = "Warbler accepts images (PNG, JPEG, WebP, GIF), UTF-8 text, Markdown or source code, PDF, and Word documents (.docx).";

    /// <summary>
    /// The file's kind from its first bytes (pass at least the first <see cref="HeadLength"/> bytes,
    /// or all of it if shorter) and its name. Null when the content is not one of the accepted types
    /// (PNG, JPEG, WebP, GIF, UTF-8 text, PDF, .docx), or when content and name disagree.
    /// </summary>
    public static SniffedFile? Sniff(ReadOnlySpan<byte> head, string fileName) => Inspect(head, fileName, out _);

    /// <summary>Why <see cref="Sniff"/> refused, in words for people (for a 4xx body); empty when it accepts.</summary>
    public static string Refusal(ReadOnlySpan<byte> head, string fileName)
    {
        Inspect(head, fileName, out var refusal);
        return refusal;
    }

    private static SniffedFile? Inspect(ReadOnlySpan<byte> head, string fileName, out string refusal)
    {
        var extension = FileExtensions.Of(fileName);
        var shownName = FileExtensions.Shown(fileName);
        if (head.IsEmpty)
        {
            refusal = $"'{shownName}' is empty.";
            return null;
        }

        var content = Identify(head, out var binaryName, out var textProblem);
        if (content is null)
        {
            refusal = binaryName is null
                ? $"'{shownName}' is not a type Warbler accepts: it is no image, PDF or Word document, and not UTF-8 text either ({textProblem}). {Accepted}"
                : $"'{shownName}' is {binaryName}, which Warbler does not accept. {Accepted}";
            return null;
        }

        if (!FileExtensions.Agrees(content, extension, out var expected))
        {
            refusal = $"'{shownName}' is {Describe(content)} but its name says {expected}: rename it to match its content.";
            return null;
        }

        refusal = string.Empty;
        return content.Kind == FileKind.Text ? content with { MediaType = FileExtensions.TextMediaType(extension) } : content;
    }

    private static SniffedFile? Identify(ReadOnlySpan<byte> head, out string? binaryName, out string? textProblem)
    {
        binaryName = null;
        textProblem = null;
        if (ImageHeader.Read(head) is { } image)
        {
            return image;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return new SniffedFile(FileKind.Pdf, "application/pdf");
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            if (ZipHead.HasEntryUnder(head, "word/"u8))
            {
                return new SniffedFile(FileKind.Word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
            }

            binaryName = "a zip archive that is not a Word document";
            return null;
        }

        if (KnownBinary(head) is { } known)
        {
            binaryName = known;
            return null;
        }

        textProblem = TextContent.Check(head, mayBeCut: head.Length >= HeadLength);
        if (textProblem is not null)
        {
            return null;
        }

        return new SniffedFile(FileKind.Text, "text/plain");
    }

    // Common binaries named in a refusal, so "an executable" is said rather than "not text".
    private static string? KnownBinary(ReadOnlySpan<byte> head) => head switch
    {
        [0x7F, (byte)'E', (byte)'L', (byte)'F', ..] => "an executable (ELF)",
        // "MZ" may also start a line of text; a program's header has NUL bytes right after.
        [(byte)'M', (byte)'Z', ..] when head.Contains((byte)0) => "an executable (Windows)",
        [0xCF or 0xCE, 0xFA, 0xED, 0xFE, ..] or [0xCA, 0xFE, 0xBA, 0xBE, ..] => "an executable (Mach-O)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Office document (.doc, .xls)",
        [0x1F, 0x8B, ..] => "a gzip archive",
        [(byte)'R', (byte)'a', (byte)'r', (byte)'!', 0x1A, 0x07, ..] => "a RAR archive",
        [(byte)'7', (byte)'z', 0xBC, 0xAF, ..] => "a 7-Zip archive",
        _ => null,
    };

    private static string Describe(SniffedFile file) => file.Kind switch
    {
        FileKind.Image => $"an image ({file.MediaType})",
        FileKind.Pdf => "a PDF",
        FileKind.Word => "a Word document",
        _ => "text",
    };
}
