using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Spectre.Console;
using Spectre.Console.Rendering;
using MarkdownTable = Markdig.Extensions.Tables.Table;
using MarkdownTableCell = Markdig.Extensions.Tables.TableCell;
using MarkdownTableRow = Markdig.Extensions.Tables.TableRow;
using SpectreTable = Spectre.Console.Table;

namespace Warbler.Cli.Output;

/// <summary>
/// Markdown as a terminal shows it: headings, emphasis, code, lists, quotes, tables and links,
/// built from Markdig's syntax tree. Every piece of the model's text is escaped, so text that
/// looks like Spectre markup is shown as it is.
/// </summary>
internal static class MarkdownView
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().UseAutoLinks().Build();

    public static IRenderable Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = Blocks(document).ToList();
        return blocks.Count == 0 ? new Text("") : new Rows(Spaced(blocks));
    }

    private static IEnumerable<IRenderable> Blocks(ContainerBlock container)
    {
        foreach (var block in container)
        {
            if (Block(block) is { } rendered)
            {
                yield return rendered;
            }
        }
    }

    private static IRenderable? Block(Block block) => block switch
    {
        HeadingBlock heading => new Markup((heading.Level == 1 ? "[bold underline]" : "[bold]") + Inlines(heading.Inline) + "[/]"),
        ParagraphBlock paragraph => new Markup(Inlines(paragraph.Inline)),
        FencedCodeBlock fenced => Code(fenced, fenced.Info),
        CodeBlock code => Code(code, null),
        ListBlock list => List(list),
        QuoteBlock quote => new Padder(new Rows(Spaced(Blocks(quote).ToList())), new Padding(2, 0, 0, 0)),
        ThematicBreakBlock => new Rule { Style = Style.Parse("grey") },
        MarkdownTable table => Table(table),
        HtmlBlock html => new Text(Lines(html)),
        ContainerBlock other => new Rows(Spaced(Blocks(other).ToList())),
        LeafBlock leaf => new Markup(Inlines(leaf.Inline)),
        _ => null,
    };

    /// <summary>A blank line between blocks, as Markdown shows paragraphs.</summary>
    private static List<IRenderable> Spaced(List<IRenderable> blocks)
    {
        var spaced = new List<IRenderable>();
        foreach (var block in blocks)
        {
            if (spaced.Count > 0)
            {
                spaced.Add(new Text(""));
            }

            spaced.Add(block);
        }

        return spaced;
    }

    private static Panel Code(LeafBlock code, string? language)
    {
        var panel = new Panel(new Text(Lines(code).TrimEnd('\n'), new Style(Color.Aqua)))
        {
            Border = BoxBorder.Rounded,
            BorderStyle = new Style(Color.Grey),
        };
        if (!string.IsNullOrWhiteSpace(language))
        {
            panel.Header = new PanelHeader(Markup.Escape(language.Trim()));
        }

        return panel;
    }

    private static Rows List(ListBlock list)
    {
        var items = new List<IRenderable>();
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}." : "•";
            var content = Blocks(item).ToList();
            var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(1)).AddColumn();
            grid.AddRow(new Markup($"[grey]{marker}[/]"), content.Count == 0 ? new Text("") : new Rows(content));
            items.Add(grid);
        }

        return new Rows(items);
    }

    private static SpectreTable Table(MarkdownTable table)
    {
        var rendered = new SpectreTable { Border = TableBorder.Rounded };
        var rows = table.OfType<MarkdownTableRow>().ToList();
        var header = rows.FirstOrDefault(r => r.IsHeader) ?? rows.FirstOrDefault();
        if (header is null)
        {
            return rendered;
        }

        foreach (var cell in header.OfType<MarkdownTableCell>())
        {
            rendered.AddColumn(new TableColumn(new Markup("[bold]" + CellText(cell) + "[/]")));
        }

        foreach (var row in rows.Where(r => r != header))
        {
            var cells = row.OfType<MarkdownTableCell>().Select(c => (IRenderable)new Markup(CellText(c))).ToList();
            while (cells.Count < rendered.Columns.Count)
            {
                cells.Add(new Text(""));
            }

            rendered.AddRow(cells.Take(rendered.Columns.Count));
        }

        return rendered;
    }

    private static string CellText(MarkdownTableCell cell) =>
        string.Join(" ", cell.OfType<LeafBlock>().Select(b => Inlines(b.Inline)));

    private static string Lines(LeafBlock block)
    {
        var text = new StringBuilder();
        foreach (var line in block.Lines.Lines.Take(block.Lines.Count))
        {
            text.Append(line.Slice.ToString()).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Inline Markdown as Spectre markup, with the text itself escaped.</summary>
    private static string Inlines(ContainerInline? container)
    {
        if (container is null)
        {
            return "";
        }

        var markup = new StringBuilder();
        foreach (var inline in container)
        {
            markup.Append(inline switch
            {
                LiteralInline literal => Markup.Escape(literal.Content.ToString()),
                CodeInline code => $"[aqua]{Markup.Escape(code.Content)}[/]",
                EmphasisInline emphasis => Emphasis(emphasis),
                AutolinkInline autolink => Link(autolink.Url, Markup.Escape(autolink.Url)),
                LinkInline { IsImage: true } image => $"[grey]\\[image: {Inlines(image)}][/]",
                LinkInline link => Link(link.Url, Inlines(link)),
                LineBreakInline => "\n",
                HtmlInline html => Markup.Escape(html.Tag),
                HtmlEntityInline entity => Markup.Escape(entity.Transcoded.ToString()),
                ContainerInline inner => Inlines(inner),
                _ => Markup.Escape(inline.ToString() ?? ""),
            });
        }

        return markup.ToString();
    }

    private static string Emphasis(EmphasisInline emphasis)
    {
        var style = (emphasis.DelimiterChar, emphasis.DelimiterCount) switch
        {
            ('~', _) => "strikethrough",
            (_, >= 2) => "bold",
            _ => "italic",
        };
        return $"[{style}]{Inlines(emphasis)}[/]";
    }

    private static string Link(string? url, string text)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return $"[underline]{text}[/]";
        }

        var escapedUrl = Markup.Escape(url);
        var shown = text.Length == 0 || text == escapedUrl ? escapedUrl : $"{text} [grey]({escapedUrl})[/]";
        return $"[link={escapedUrl}]{shown}[/]";
    }
}
