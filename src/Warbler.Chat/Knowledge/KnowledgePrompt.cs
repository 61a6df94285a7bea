using System.Globalization;
using System.Text;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// How passages are put before a bot: a line saying what they are, then each numbered with its
/// source, <c>[1] handbook.pdf › Holidays: …</c>. The demo provider reads this shape to answer offline.
/// </summary>
internal static class KnowledgePrompt
{
    public const string Introduction =
        "Passages from the knowledge base. Answer from them when they hold the answer, and cite them by number, such as [1]:";

    public static string Passage(int index, string documentName, string? heading, string text) =>
        $"[{index.ToString(CultureInfo.InvariantCulture)}] {documentName}{(heading is null ? "" : " › " + heading)}: {text}";

    public static string Of(IEnumerable<string> passages)
    {
        var prompt = new StringBuilder(Introduction);
        foreach (var passage in passages)
        {
            prompt.Append("\n\n").Append(passage);
        }

        return prompt.ToString();
    }
}
