using System.Text.RegularExpressions;

namespace Warbler.Docs.Tests.Links;

/// <summary>What a Markdown file offers as link targets (its anchors) and what it links to, outside code.</summary>
internal sealed partial class MarkdownFile
{
    private MarkdownFile(IReadOnlySet<string> anchors, IReadOnlyList<MarkdownLink> links)
    {
        Anchors = anchors;
        Links = links;
    }

    /// <summary>Heading ids (numbered -1, -2… when repeated, as GitHub does) and explicit <c>&lt;a id&gt;</c>.</summary>
    public IReadOnlySet<string> Anchors { get; }

    public IReadOnlyList<MarkdownLink> Links { get; }

    public static MarkdownFile Read(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var headings = new Dictionary<string, int>(StringComparer.Ordinal);
        var links = new List<MarkdownLink>();
        var inFence = false;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (Fence().IsMatch(line))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = GitHubSlug.Of(heading.Groups[1].Value);
                var seen = headings.GetValueOrDefault(slug);
                headings[slug] = seen + 1;
                anchors.Add(seen == 0 ? slug : $"{slug}-{seen}");
            }

            foreach (Match id in ExplicitAnchor().Matches(line))
            {
                anchors.Add(id.Groups[1].Value);
            }

            var text = CodeSpan().Replace(line, "");
            foreach (var pattern in (Regex[])[InlineLink(), HtmlLink(), ReferenceDefinition()])
            {
                foreach (Match link in pattern.Matches(text))
                {
                    links.Add(new MarkdownLink(number, link.Groups[1].Value));
                }
            }
        }

        return new MarkdownFile(anchors, links);
    }

    [GeneratedRegex(@"^\s*(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""([^""]+)""")]
    private static partial Regex ExplicitAnchor();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(<?([^)\s>]+)>?(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"\b(?:src|href)=""([^""]+)""")]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")]
    private static partial Regex ReferenceDefinition();
}

/// <summary>A link target as written, and the line it is on.</summary>
internal sealed record MarkdownLink(int Line, string Target);
