using System.Diagnostics;
using System.Text;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;
using Warbler.Chat.Files;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Files;

public sealed class DocumentTextReaderTests
{
    private static readonly SniffedFile Text = new(FileKind.Text, "text/plain");
    private static readonly SniffedFile Pdf = new(FileKind.Pdf, "application/pdf");
    private static readonly SniffedFile Word = new(FileKind.Word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    [Fact]
    public async Task ReadAsync_Markdown_TextAsItIsWithoutByteOrderMark()
    {
        const string markdown = "# Notes\n\n- one\n- two\n\n```cs\nvar x = 1;\n```\n";

        var text = await Reader().ReadAsync(Bytes("\uFEFF" + markdown), Text, CancellationToken.None);

        Assert.Equal(new ExtractedText(markdown, Truncated: false), text);
    }

    [Fact]
    public async Task ReadAsync_TextLongerThanTheCap_CutAtTheCapAndSaysSo()
    {
        var text = await Reader(maxTextCharacters: 100).ReadAsync(Bytes(new string('a', 250)), Text, CancellationToken.None);

        Assert.Equal(new ExtractedText(new string('a', 100), Truncated: true), text);
    }

    [Fact]
    public async Task ReadAsync_TextExactlyAtTheCap_NotTruncated()
    {
        var text = await Reader(maxTextCharacters: 100).ReadAsync(Bytes(new string('a', 100)), Text, CancellationToken.None);

        Assert.Equal(new ExtractedText(new string('a', 100), Truncated: false), text);
    }

    [Fact]
    public async Task ReadAsync_CapInsideASurrogatePair_NeverHalfACharacter()
    {
        var text = await Reader(maxTextCharacters: 3).ReadAsync(Bytes("ab🎉cd"), Text, CancellationToken.None);

        Assert.Equal(new ExtractedText("ab", Truncated: true), text);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8AfterTheHead_Unreadable()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('a', 20_000)).Append((byte)0xC3).Append((byte)'(').ToArray();

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(bytes), Text, CancellationToken.None));

        Assert.Equal("The file is not UTF-8 text: it has bytes that are not valid UTF-8.", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_NulAfterTheHead_Unreadable()
    {
        var refused = await Assert.ThrowsAsync<UnreadableFileException>(
            () => Reader().ReadAsync(Bytes(new string('a', 20_000) + "\0"), Text, CancellationToken.None));

        Assert.Equal("The file is not text: it contains NUL bytes.", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_PdfOfTwoPages_TextOfEachPage()
    {
        var pdf = TestDocuments.Pdf("Quarterly report\nRevenue rose by 12 percent.", "Second page: outlook");

        var text = await Reader().ReadAsync(new MemoryStream(pdf), Pdf, CancellationToken.None);

        Assert.False(text.Truncated);
        Assert.Contains("Quarterly report", text.Text, StringComparison.Ordinal);
        Assert.Contains("Revenue rose by 12 percent.", text.Text, StringComparison.Ordinal);
        Assert.Contains("Second page: outlook", text.Text, StringComparison.Ordinal);
        Assert.True(text.Text.IndexOf("Revenue", StringComparison.Ordinal) < text.Text.IndexOf("Second page", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_PdfFromAStreamThatCannotSeek_TextRead()
    {
        var pdf = TestDocuments.Pdf("Streamed from an upload");

        var text = await Reader().ReadAsync(new ForwardOnlyStream(new MemoryStream(pdf)), Pdf, CancellationToken.None);

        Assert.Contains("Streamed from an upload", text.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_PdfLongerThanTheCap_CutAndSaysSo()
    {
        var pdf = TestDocuments.Pdf("First page with words", "Second page with words");

        var text = await Reader(maxTextCharacters: 10).ReadAsync(new MemoryStream(pdf), Pdf, CancellationToken.None);

        Assert.Equal(new ExtractedText("First page", Truncated: true), text);
    }

    public static TheoryData<string, byte[]> BrokenPdfs => new()
    {
        { "header only", "%PDF-1.7\n"u8.ToArray() },
        { "garbage after the header", [.. "%PDF-1.4\n"u8, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 31))] },
        { "cut in half", TestDocuments.Pdf("Hello")[..200] },
    };

    [Theory]
    [MemberData(nameof(BrokenPdfs))]
    public async Task ReadAsync_BrokenPdf_UnreadableWithReason(string what, byte[] pdf)
    {
        var refused = await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(pdf), Pdf, CancellationToken.None));

        Assert.True(refused.Message == "The PDF could not be read: it is damaged or not a valid PDF.", $"{what}: {refused.Message}");
    }

    [Fact]
    public async Task ReadAsync_PasswordProtectedPdf_UnreadableSayingSo()
    {
        var refused = await Assert.ThrowsAsync<UnreadableFileException>(
            () => Reader().ReadAsync(new MemoryStream(TestDocuments.PasswordProtectedPdf()), Pdf, CancellationToken.None));

        Assert.Equal("The PDF is protected by a password, so its text cannot be read.", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_Docx_HeadingsAsMarkdownAndParagraphsAsParagraphs()
    {
        var docx = TestDocuments.Docx(
            ("Titel", "Travel policy"),
            (null, "Applies to every employee."),
            ("berschrift1", "Booking"),
            (null, "Book through the portal."),
            ("berschrift2", "Hotels"),
            (null, "Up to 150 EUR a night."),
            ("Heading3", "Exceptions"),
            (null, ""),
            (null, "Ask your manager."));

        var text = await Reader().ReadAsync(new MemoryStream(docx), Word, CancellationToken.None);

        Assert.Equal(
            new ExtractedText(
                "# Travel policy\n\nApplies to every employee.\n\n# Booking\n\nBook through the portal.\n\n## Hotels\n\nUp to 150 EUR a night.\n\n### Exceptions\n\nAsk your manager.",
                Truncated: false),
            text);
    }

    [Fact]
    public async Task ReadAsync_DocxWithTableListBreaksAndContentControl_EachAsText()
    {
        var docx = TestDocuments.Docx(
            new Paragraph(new ParagraphProperties(new OutlineLevel { Val = 1 }), new Run(new Text("Prices"))),
            new Table(
                new TableRow(new TableCell(TestDocuments.Paragraph(null, "Room")), new TableCell(TestDocuments.Paragraph(null, "Price"))),
                new TableRow(new TableCell(TestDocuments.Paragraph(null, "Single")), new TableCell(TestDocuments.Paragraph(null, "90 EUR")))),
            new Paragraph(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 })), new Run(new Text("Breakfast included"))),
            new Paragraph(new Run(new Text("Line one"), new Break(), new Text("line two"), new TabChar(), new Text("tabbed"))),
            new SdtBlock(new SdtContentBlock(TestDocuments.Paragraph(null, "Inside a content control"))));

        var text = await Reader().ReadAsync(new MemoryStream(docx), Word, CancellationToken.None);

        Assert.Equal(
            "## Prices\n\n| Room | Price |\n| Single | 90 EUR |\n\n- Breakfast included\n\nLine one\nline two\ttabbed\n\nInside a content control",
            text.Text);
    }

    [Fact]
    public async Task ReadAsync_DocxLongerThanTheCap_CutAndSaysSo()
    {
        var docx = TestDocuments.Docx((null, "First paragraph."), (null, "Second paragraph."));

        var text = await Reader(maxTextCharacters: 20).ReadAsync(new ForwardOnlyStream(new MemoryStream(docx)), Word, CancellationToken.None);

        Assert.Equal(new ExtractedText("First paragraph.\n\nSe", Truncated: true), text);
    }

    [Fact]
    public async Task ReadAsync_ZipThatIsNoWordDocument_Unreadable()
    {
        var zip = TestDocuments.Zip(("word/readme.txt", "not a document"));

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(zip), Word, CancellationToken.None));

        Assert.StartsWith("The Word document could not be read", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DocxCutShort_Unreadable()
    {
        var docx = TestDocuments.Docx((null, "Hello"));

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(
            () => Reader().ReadAsync(new MemoryStream(docx[..(docx.Length / 2)]), Word, CancellationToken.None));

        Assert.StartsWith("The Word document could not be read", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DocxOfTooManyParts_RefusedAsABomb()
    {
        var zip = TestDocuments.Zip([.. Enumerable.Range(0, 2001).Select(i => ($"word/part{i}.xml", "<x/>"))]);

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(zip), Word, CancellationToken.None));

        Assert.Equal("The Word document was refused: it holds more than 2000 parts, more than a document needs.", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_DocxOneGigabyteOfZerosDeclared_RefusedBeforeInflating()
    {
        var bomb = ZipBomb.Docx(inflatedBytes: 1024L * 1024 * 1024);
        Assert.NotNull(FileSniffer.Sniff(bomb.AsSpan(0, FileSniffer.HeadLength), "bomb.docx"));
        var clock = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(bomb), Word, CancellationToken.None));

        Assert.Equal("The Word document was refused: one of its parts unpacks to more than 64 MB, more than a document needs.", refused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Refusing took {clock.Elapsed}.");
    }

    [Fact]
    public async Task ReadAsync_DocxOneGigabyteOfZerosDeclaredAsFourKilobytes_RefusedWhileInflating()
    {
        var bomb = ZipBomb.Docx(inflatedBytes: 1024L * 1024 * 1024, declaredBytes: 4096);
        var clock = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(bomb), Word, CancellationToken.None));

        // The zip reader stops the entry at its declared size, so what is left is no document.
        Assert.StartsWith("The Word document could not be read", refused.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Refusing took {clock.Elapsed}.");
    }

    [Fact]
    public async Task ReadAsync_DocxLargerThanMaxFileBytes_Unreadable()
    {
        var docx = TestDocuments.Docx((null, new string('x', 5000)));

        var refused = await Assert.ThrowsAsync<UnreadableFileException>(
            () => Reader(maxFileBytes: 1000).ReadAsync(new ForwardOnlyStream(new MemoryStream(docx)), Word, CancellationToken.None));

        Assert.Equal("The file is larger than the limit of 1000 bytes.", refused.Message);
    }

    [Fact]
    public async Task ReadAsync_Image_UnreadableAsItHasNoText()
    {
        var image = new SniffedFile(FileKind.Image, "image/png", 1, 1);

        await Assert.ThrowsAsync<UnreadableFileException>(() => Reader().ReadAsync(new MemoryStream(TestImages.Png(1, 1)), image, CancellationToken.None));
    }

    internal static DocumentTextReader Reader(int maxTextCharacters = 2_000_000, long maxFileBytes = 20 * 1024 * 1024) =>
        new(Options.Create(new FilesOptions { MaxTextCharacters = maxTextCharacters, MaxFileBytes = maxFileBytes }));

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));
}
