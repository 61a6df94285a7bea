using System.Text.RegularExpressions;

namespace Warbler.Docs.Tests.Walkthrough;

/// <summary>
/// A shell block of the README marked to run: the fenced block right after a
/// <c>&lt;!-- walkthrough --&gt;</c> comment, or <c>&lt;!-- walkthrough expect: REGEX --&gt;</c> when its
/// output must match a regular expression.
/// </summary>
internal sealed partial record WalkthroughBlock(int Line, IReadOnlyList<string> Commands, Regex? Expect)
{
    /// <summary>The marked blocks of a Markdown file, in order; each command is one logical line (joined at a trailing '\').</summary>
    public static IReadOnlyList<WalkthroughBlock> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<WalkthroughBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (Marker().Match(lines[i]) is not { Success: true } marker)
            {
                continue;
            }

            var fence = i + 1;
            while (fence < lines.Length && lines[fence].Trim().Length == 0)
            {
                fence++;
            }

            if (fence >= lines.Length || !OpeningFence().IsMatch(lines[fence]))
            {
                throw new InvalidOperationException($"{path}:{i + 1}: a walkthrough comment must be followed by a ```sh or ```bash block.");
            }

            var body = new List<string>();
            var end = fence + 1;
            for (; end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal); end++)
            {
                body.Add(lines[end]);
            }

            var expect = marker.Groups[1].Success ? new Regex(marker.Groups[1].Value.Trim(), RegexOptions.Multiline) : null;
            blocks.Add(new WalkthroughBlock(fence + 2, SplitCommands(body), expect));
            i = end;
        }

        return blocks;
    }

    private static List<string> SplitCommands(List<string> body)
    {
        var commands = new List<string>();
        var current = "";
        foreach (var line in body)
        {
            current += line;
            if (current.EndsWith('\\'))
            {
                current += "\n";
                continue;
            }

            if (current.Trim().Length > 0 && !current.TrimStart().StartsWith('#'))
            {
                commands.Add(current);
            }

            current = "";
        }

        if (current.Trim().Length > 0)
        {
            commands.Add(current);
        }

        return commands;
    }

    [GeneratedRegex(@"^\s*<!--\s*walkthrough(?:\s+expect:\s*(.*?))?\s*-->\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^\s*```(sh|bash|shell)\s*$")]
    private static partial Regex OpeningFence();
}
