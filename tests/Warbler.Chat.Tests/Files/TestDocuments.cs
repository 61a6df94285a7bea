using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Warbler.Chat.Tests.Files;

/// <summary>Documents made in code: PDFs with PdfPig's builder, Word documents with DocumentFormat.OpenXml, and other zips.</summary>
internal static class TestDocuments
{
    /// <summary>A PDF with one page per entry, each line of it drawn as text.</summary>
    public static byte[] Pdf(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            var y = 780.0;
            foreach (var line in text.Split('\n'))
            {
                page.AddText(line, 12, new PdfPoint(40, y), font);
                y -= 18;
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// A one-page PDF encrypted with the standard handler, whose user password is not empty (its
    /// check value matches no password), as a "password to open" PDF is.
    /// </summary>
    public static byte[] PasswordProtectedPdf()
    {
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        foreach (var body in new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            $"<< /Filter /Standard /V 1 /R 2 /O <{new string('B', 64)}> /U <{new string('A', 64)}> /P -4 >>",
        })
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        var id = new string('0', 32);
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>
    /// A .docx of paragraphs, each with an optional paragraph style. Its heading styles have the
    /// German ids Word gives them ("berschrift1") and the built-in names ("heading 1"), as a localized Word writes them.
    /// </summary>
    public static byte[] Docx(params (string? Style, string Text)[] paragraphs) =>
        Docx([.. paragraphs.Select(p => Paragraph(p.Style, p.Text))]);

    /// <summary>A paragraph of one run, with an optional paragraph style.</summary>
    public static Paragraph Paragraph(string? style, string text)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = style });
        }

        paragraph.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    /// <summary>A .docx of the given body elements, with the heading styles above.</summary>
    public static byte[] Docx(params OpenXmlElement[] bodyElements)
    {
        using var file = new MemoryStream();
        using (var document = WordprocessingDocument.Create(file, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                HeadingStyle("berschrift1", "heading 1"),
                HeadingStyle("berschrift2", "heading 2"),
                HeadingStyle("Titel", "Title"));
            main.Document = new Document(new Body(bodyElements));
        }

        return file.ToArray();
    }

    /// <summary>A zip of the named entries, each holding its text.</summary>
    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return file.ToArray();
    }

    private static Style HeadingStyle(string id, string name) =>
        new(new StyleName { Val = name }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = id };
}
