using System.Text.RegularExpressions;

namespace Warbler.Docs.Tests.Links;

/// <summary>
/// The id GitHub gives a heading (as github-slugger does): the heading's text as rendered,
/// lower-cased, without punctuation, each space a hyphen.
/// </summary>
internal static partial class GitHubSlug
{
    public static string Of(string heading)
    {
        var text = Markup().Replace(heading, "$1");
        text = text.Replace("`", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
        text = Tags().Replace(text, "");
        text = Punctuation().Replace(text.Trim().ToLowerInvariant(), "");
        return text.Replace(' ', '-');
    }

    // A link or image in a heading shows its text.
    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Markup();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[^\p{L}\p{M}\p{N}\p{Pc}\- ]")]
    private static partial Regex Punctuation();
}
