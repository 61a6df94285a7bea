using System.Text.RegularExpressions;

namespace EchoBot;

/// <summary>What the bot says: whether a message is for it, and its answer, the same every time for the same words.</summary>
internal sealed partial class EchoAnswer(string name)
{
    private readonly Regex _mention = new($@"(?<![\w.@])@{Regex.Escape(name)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Whether the text mentions the bot (an email address such as me@echo.com does not).</summary>
    public bool IsFor(string text) => _mention.IsMatch(text);

    /// <returns>For "@echo hello brave new world" from Ann: "Ann: 4 words, backwards: world new brave hello".</returns>
    public string To(string senderName, string text)
    {
        var words = Words().Split(_mention.Replace(text, " ")).Where(word => word.Length > 0).ToList();
        words.Reverse();
        return words.Count == 0
            ? $"{senderName}: you said nothing but my name."
            : $"{senderName}: {words.Count} {(words.Count == 1 ? "word" : "words")}, backwards: {string.Join(' ', words)}";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Words();
}
