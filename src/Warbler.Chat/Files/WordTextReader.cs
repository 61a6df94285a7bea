using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Warbler.Chat.Files;

/// <summary>A .docx's text with DocumentFormat.OpenXml: headings as Markdown '#' lines, list items as '- ', tables as rows of cells.</summary>
internal static class WordTextReader
{
    /// <summary>Reads a document that <see cref="ZipGuard"/> has already checked.</summary>
    public static ExtractedText Read(Stream seekable, int maxCharacters, CancellationToken cancellationToken)
    {
        var budget = new TextBudget(maxCharacters);
        try
        {
            seekable.Position = 0;
            using var document = WordprocessingDocument.Open(seekable, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new UnreadableFileException("The Word document could not be read: it has no body.");
            var headings = new HeadingStyles(document.MainDocumentPart.StyleDefinitionsPart?.Styles);
            Walk(body, budget, headings, cancellationToken);
        }
        catch (Exception exception) when (exception is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException or InvalidOperationException)
        {
            throw new UnreadableFileException("The Word document could not be read: it is damaged or not a valid .docx file.");
        }

        return budget.Result();
    }

    private static void Walk(OpenXmlElement element, TextBudget budget, HeadingStyles headings, CancellationToken cancellationToken)
    {
        foreach (var child in element.ChildElements)
        {
            if (budget.Full)
            {
                budget.MarkTruncated();
                return;
            }

            switch (child)
            {
                case Paragraph paragraph:
                    budget.AppendBlock(Line(paragraph, headings));
                    break;
                case Table table:
                    cancellationToken.ThrowIfCancellationRequested();
                    budget.AppendBlock(Rows(table, headings));
                    break;
                default:
                    // Content controls, inserted runs and the like hold paragraphs further down.
                    Walk(child, budget, headings, cancellationToken);
                    break;
            }
        }
    }

    private static string Line(Paragraph paragraph, HeadingStyles headings)
    {
        var text = Text(paragraph);
        if (text.Length == 0)
        {
            return text;
        }

        var properties = paragraph.ParagraphProperties;
        var level = properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9
            ? outline + 1
            : headings.LevelOf(properties?.ParagraphStyleId?.Val?.Value);
        if (level > 0)
        {
            return new string('#', Math.Min(level, 6)) + " " + text.ReplaceLineEndings(" ");
        }

        return properties?.NumberingProperties is not null ? "- " + text : text;
    }

    private static string Rows(Table table, HeadingStyles headings)
    {
        var rows = new StringBuilder();
        foreach (var row in table.Elements<TableRow>())
        {
            var cells = row.Elements<TableCell>()
                .Select(cell => string.Join(" ", cell.Elements<Paragraph>().Select(p => Line(p, headings)).Where(line => line.Length > 0)).ReplaceLineEndings(" "));
            rows.Append("| ").Append(string.Join(" | ", cells)).Append(" |\n");
        }

        return rows.ToString();
    }

    private static string Text(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var part in paragraph.Descendants())
        {
            switch (part)
            {
                case Text run:
                    text.Append(run.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
            }
        }

        return text.ToString().Trim();
    }
}
