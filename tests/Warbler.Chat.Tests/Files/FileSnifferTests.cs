using System.Text;
using Warbler.Chat.Files;

namespace Warbler.Chat.Tests.Files;

public sealed class FileSnifferTests
{
    public static TheoryData<string, byte[], string, int, int> Images => new()
    {
        { "photo.png", TestImages.Png(3, 2), "image/png", 3, 2 },
        { "PHOTO.PNG", TestImages.Png(640, 480), "image/png", 640, 480 },
        { "photo.jpg", TestImages.Jpeg(1024, 768), "image/jpeg", 1024, 768 },
        { "photo.jpeg", TestImages.Jpeg(33, 4000, metadataBytes: 4000), "image/jpeg", 33, 4000 },
        { "anim.gif", TestImages.Gif(320, 200), "image/gif", 320, 200 },
        { "lossless.webp", TestImages.WebPLossless(1000, 16), "image/webp", 1000, 16 },
        { "lossy.webp", TestImages.WebPLossy(800, 600), "image/webp", 800, 600 },
        { "extended.webp", TestImages.WebPExtended(5000, 3), "image/webp", 5000, 3 },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Sniff_Image_KindMediaTypeAndSize(string name, byte[] content, string mediaType, int width, int height)
    {
        var file = FileSniffer.Sniff(content, name);

        Assert.Equal(new SniffedFile(FileKind.Image, mediaType, width, height), file);
        Assert.Equal(string.Empty, FileSniffer.Refusal(content, name));
    }

    [Fact]
    public void Sniff_JpegWhoseFrameHeaderIsBeyondTheHead_ImageOfUnknownSize()
    {
        var jpeg = TestImages.Jpeg(10, 10, metadataBytes: 20_000);

        var file = FileSniffer.Sniff(jpeg.AsSpan(0, FileSniffer.HeadLength), "big-exif.jpg");

        Assert.Equal(new SniffedFile(FileKind.Image, "image/jpeg"), file);
    }

    [Fact]
    public void Sniff_PdfMadeByPdfPig_Pdf()
    {
        var file = FileSniffer.Sniff(TestDocuments.Pdf("Hello"), "report.pdf");

        Assert.Equal(new SniffedFile(FileKind.Pdf, "application/pdf"), file);
    }

    [Fact]
    public void Sniff_DocxMadeByOpenXml_Word()
    {
        var file = FileSniffer.Sniff(TestDocuments.Docx((null, "Hello")), "letter.docx");

        Assert.Equal(new SniffedFile(FileKind.Word, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), file);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("README.md", "text/markdown")]
    [InlineData("data.csv", "text/csv")]
    [InlineData("Program.cs", "text/plain")]
    [InlineData("page.html", "text/plain")]
    [InlineData("Makefile", "text/plain")]
    [InlineData("MZ.txt", "text/plain")]
    public void Sniff_Utf8Text_TextServedAsPlainText(string name, string mediaType)
    {
        var content = Encoding.UTF8.GetBytes("MZ is not only a program's mark\n# Title\r\n\tÜmlaut, 漢字 and 🎉 \u001b[1mbold\u001b[0m\n");

        var file = FileSniffer.Sniff(content, name);

        Assert.Equal(new SniffedFile(FileKind.Text, mediaType), file);
    }

    [Fact]
    public void Sniff_TextCutInTheMiddleOfACharacterAtTheHeadsEnd_Text()
    {
        var content = Encoding.UTF8.GetBytes(new string('é', FileSniffer.HeadLength));

        var file = FileSniffer.Sniff(content.AsSpan(0, FileSniffer.HeadLength + 1), "accents.txt");

        Assert.Equal(FileKind.Text, file?.Kind);
    }

    [Fact]
    public void Sniff_TextWithByteOrderMark_Text()
    {
        var file = FileSniffer.Sniff([0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i'], "bom.txt");

        Assert.Equal(FileKind.Text, file?.Kind);
    }

    public static TheoryData<string, byte[], string> Mismatches => new()
    {
        { "photo.pdf", TestImages.Png(4, 4), "'photo.pdf' is an image (image/png) but its name says a PDF (.pdf)" },
        { "photo.jpg", TestImages.Png(4, 4), "'photo.jpg' is an image (image/png) but its name says an image (image/jpeg, .jpg)" },
        { "report.txt", TestDocuments.Pdf("Hello"), "'report.txt' is a PDF but its name says text (.txt)" },
        { "report.png", TestDocuments.Pdf("Hello"), "'report.png' is a PDF but its name says an image (image/png, .png)" },
        { "notes.pdf", "just text"u8.ToArray(), "'notes.pdf' is text but its name says a PDF (.pdf)" },
        { "notes.exe", "just text"u8.ToArray(), "'notes.exe' is text but its name says a .exe file" },
        { "letter.pdf", TestDocuments.Docx((null, "Hi")), "'letter.pdf' is a Word document but its name says a PDF (.pdf)" },
        { "letter", TestDocuments.Docx((null, "Hi")), "'letter' is a Word document but its name says no type" },
        { "../../etc/photo.gif", TestImages.Png(1, 1), "'photo.gif' is an image (image/png) but its name says an image (image/gif, .gif)" },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Sniff_ContentAndNameDisagree_RefusedSayingBoth(string name, byte[] content, string refusal)
    {
        Assert.Null(FileSniffer.Sniff(content, name));
        Assert.StartsWith(refusal, FileSniffer.Refusal(content, name), StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> Unaccepted => new()
    {
        { "archive.docx", TestDocuments.Zip(("xl/workbook.xml", "<workbook/>"), ("[Content_Types].xml", "<Types/>")), "a zip archive that is not a Word document, which Warbler does not accept" },
        { "archive.zip", TestDocuments.Zip(("a.txt", "a")), "a zip archive that is not a Word document" },
        { "tool.txt", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0], "an executable (ELF)" },
        { "setup.txt", [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0], "an executable (Windows)" },
        { "notes.txt", "text\0with a NUL"u8.ToArray(), "not UTF-8 text either (it contains NUL bytes)" },
        { "latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'!'], "(it has bytes that are not valid UTF-8)" },
        { "bell.txt", "ding\u0007"u8.ToArray(), "(it contains control characters that text does not have)" },
        { "wide.txt", [0xFF, 0xFE, (byte)'h', 0, (byte)'i', 0], "(it is UTF-16, and only UTF-8 is accepted)" },
        { "broken.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "not a type Warbler accepts" },
    };

    [Theory]
    [MemberData(nameof(Unaccepted))]
    public void Sniff_ContentNotAnAcceptedType_RefusedSayingWhatItIs(string name, byte[] content, string what)
    {
        Assert.Null(FileSniffer.Sniff(content, name));
        var refusal = FileSniffer.Refusal(content, name);
        Assert.StartsWith($"'{name}' is ", refusal, StringComparison.Ordinal);
        Assert.Contains(what, refusal, StringComparison.Ordinal);
        Assert.Contains("Warbler", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Sniff_SignaturesFollowedByRandomBytes_NeverThrows()
    {
        byte[][] signatures =
        [
            [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], [0xFF, 0xD8, 0xFF], "GIF89a"u8.ToArray(),
            [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8X"u8], [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8L"u8], [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8 "u8],
            "PK\u0003\u0004"u8.ToArray(), "%PDF-"u8.ToArray(), [],
        ];
        var random = new Random(8);
        foreach (var signature in signatures)
        {
            for (var length = 0; length < 300; length++)
            {
                var tail = new byte[length];
                random.NextBytes(tail);
                byte[] head = [.. signature, .. tail];

                var file = FileSniffer.Sniff(head, "file.bin");

                Assert.True(file is not null || FileSniffer.Refusal(head, "file.bin").Length > 0);
            }
        }
    }

    [Fact]
    public void Sniff_Empty_RefusedAsEmpty()
    {
        Assert.Null(FileSniffer.Sniff([], "empty.txt"));
        Assert.Equal("'empty.txt' is empty.", FileSniffer.Refusal([], "empty.txt"));
    }

    [Fact]
    public void Refusal_NameWithControlCharacters_ShownWithout()
    {
        var refusal = FileSniffer.Refusal(TestImages.Png(1, 1), "evil\r\nname.pdf");

        Assert.StartsWith("'evil??name.pdf' is an image", refusal, StringComparison.Ordinal);
    }
}
