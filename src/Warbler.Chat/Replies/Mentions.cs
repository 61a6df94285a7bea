using System.Text.RegularExpressions;

namespace Warbler.Chat.Replies;

/// <summary>The @handles a message mentions.</summary>
internal static partial class Mentions
{
    /// <summary>Each handle once, lower-cased, in the order the text first mentions it.</summary>
    public static List<string> In(string text) =>
        Handle().Matches(text).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();

    // Not inside an e-mail address or a longer word: "@bot" and "(@bot," count, "me@bot.com" does not.
    [GeneratedRegex(@"(?<![\w@.])@([A-Za-z0-9_-]{2,32})(?![\w-])")]
    private static partial Regex Handle();
}
