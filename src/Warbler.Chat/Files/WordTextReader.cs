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
            using var document = WordprocessingDocument.Open(seekable, isEditable: false, new OpenSettings { MaxCharactersInPart = ZipGuard.MaxEntryBytes });
            var main = document.MainDocumentPart
                ?? throw new UnreadableFileException("The Word document could not be read: it has no main part.");
            var headings = new HeadingStyles(main.StyleDefinitionsPart?.Styles);

            // The body is read as a stream of paragraphs and tables, each loaded alone, so a long
            // document never sits in memory as one tree.
            using var reader = OpenXmlReader.Create(main);
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.IsStartElement && (reader.ElementType == typeof(Paragraph) || reader.ElementType == typeof(Table)))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var block = reader.LoadCurrentElement() switch
                    {
                        Paragraph paragraph => Line(paragraph, headings),
                        Table table => Rows(table, headings),
                        _ => string.Empty,
                    };
                    if (string.IsNullOrWhiteSpace(block))
                    {
                        continue;
                    }

                    if (budget.Full || !budget.AppendBlock(block))
                    {
                        // A block that did not fit, or one after the budget was spent, was left out.
                        budget.MarkTruncated();
                        break;
                    }

                    continue;
                }

                reader.Read();
            }
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or UnreadableFileException or OutOfMemoryException))
        {
            // The package and XML readers throw many kinds of exception on a damaged file; to the user each means the same.
            throw new UnreadableFileException("The Word document could not be read: it is damaged or not a valid .docx file.");
        }

        return budget.Result();
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
