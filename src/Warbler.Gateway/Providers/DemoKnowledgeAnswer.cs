using System.Globalization;
using System.Text.RegularExpressions;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's answer when a bot was given passages from its knowledge bases: it quotes the passage
/// that shares the most words with the question, naming its source, so retrieval can be tried
/// offline. Passages come as Warbler's chat puts them in the instructions:
/// <c>[1] handbook.pdf › Holidays: …</c>, after a line that starts "Passages from the knowledge base".
/// </summary>
internal static partial class DemoKnowledgeAnswer
{
    private const string Marker = "Passages from the knowledge base";
    private const int MaxQuoted = 400;

    /// <summary>The answer, or null when the instructions hold no passages.</summary>
    public static string? From(string instructions, string question)
    {
        var start = instructions.IndexOf(Marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var passages = PassageStart().Matches(instructions, start).ToList();
        if (passages.Count == 0)
        {
            return null;
        }

        var asked = Words(question);
        (int Index, string Source, string Text, int Shared) best = (0, "", "", -1);
        for (var i = 0; i < passages.Count; i++)
        {
            var end = i + 1 < passages.Count ? passages[i + 1].Index : instructions.Length;
            var text = instructions[(passages[i].Index + passages[i].Length)..end].Trim();
            var shared = Words(text).Count(asked.Contains);
            if (shared > best.Shared)
            {
                best = (int.Parse(passages[i].Groups[1].Value, CultureInfo.InvariantCulture), passages[i].Groups[2].Value, text, shared);
            }
        }

        var quoted = best.Text.ReplaceLineEndings(" ");
        quoted = quoted.Length > MaxQuoted ? string.Concat(quoted.AsSpan(0, MaxQuoted), "…") : quoted;
        return $"From {best.Source} [{best.Index.ToString(CultureInfo.InvariantCulture)}]: \"{quoted}\"";
    }

    private static HashSet<string> Words(string text) =>
        [.. Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 2)];

    [GeneratedRegex(@"^\[(\d{1,3})\] (.+?): ", RegexOptions.Multiline)]
    private static partial Regex PassageStart();

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*")]
    private static partial Regex Word();
}
