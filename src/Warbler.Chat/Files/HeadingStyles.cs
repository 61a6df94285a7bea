using DocumentFormat.OpenXml.Wordprocessing;

namespace Warbler.Chat.Files;

/// <summary>
/// Which paragraph styles of a .docx are headings, and of what level. Style ids are translated
/// in localized Word ("berschrift1"), so the built-in style name ("heading 1") decides, then an outline level.
/// </summary>
internal sealed class HeadingStyles
{
    private readonly Dictionary<string, int> _levels = new(StringComparer.Ordinal);

    public HeadingStyles(Styles? styles)
    {
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is not { } id)
            {
                continue;
            }

            var level = LevelOfName(style.StyleName?.Val?.Value)
                ?? (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? outline + 1 : null);
            if (level is { } found)
            {
                _levels[id] = found;
            }
        }
    }

    /// <summary>The heading level of a paragraph style, 0 when it is not a heading.</summary>
    public int LevelOf(string? styleId)
    {
        if (styleId is null)
        {
            return 0;
        }

        return _levels.TryGetValue(styleId, out var level) ? level : LevelOfName(styleId) ?? 0;
    }

    private static int? LevelOfName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var compact = name.Replace(" ", string.Empty, StringComparison.Ordinal);
        if (compact.Equals("Title", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        return compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(compact.AsSpan("heading".Length), out var level) && level is >= 1 and <= 9
            ? level
            : null;
    }
}
