using System.IO.Compression;
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
    /// A .docx of paragraphs, each with an optional paragraph style. Its heading styles have the
    /// German ids Word gives them ("berschrift1") and the built-in names ("heading 1"), as a localized Word writes them.
    /// </summary>
    public static byte[] Docx(params (string? Style, string Text)[] paragraphs)
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
            var body = new Body();
            foreach (var (style, text) in paragraphs)
            {
                var paragraph = new Paragraph();
                if (style is not null)
                {
                    paragraph.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = style });
                }

                paragraph.Append(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                body.Append(paragraph);
            }

            main.Document = new Document(body);
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
