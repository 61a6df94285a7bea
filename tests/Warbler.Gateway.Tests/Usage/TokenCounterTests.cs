using System.Text;
using Microsoft.ML.Tokenizers;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>Warbler's token counts: exact for ordinary text however long, and bounded in time for a huge word.</summary>
public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = new();

    [Theory]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-3.5-turbo", "cl100k_base")]
    public void Count_LongOrdinaryText_IsWhatTheModelsTokenizerCountsForTheWhole(string model, string encoding)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < 50_000; i++)
        {
            text.Append(i % 7 == 0 ? "\n\n" : "  ").Append("The warbler, singing at dawn (No. ").Append(i).Append("), says: «héllo» — 你好 🐦 and then   waits.");
        }

        var whole = TiktokenTokenizer.CreateForEncoding(encoding).CountTokens(text.ToString());

        Assert.Equal(whole, Counter.Count(model, text.ToString()));
    }

    [Fact]
    public void Count_AHugeWordWithoutSpaces_IsCountedInPiecesCloseToTheWholeCount()
    {
        // 200,000 letters with no space: counted whole, the tokenizer's work would grow with the square of its length.
        var word = string.Concat(Enumerable.Repeat("warbler", 200_000 / 7));
        var pieces = word.Length / 2048 + 1;

        var counted = Counter.Count("gpt-4o", word);

        var whole = TiktokenTokenizer.CreateForEncoding("o200k_base").CountTokens(word[..20_000]) * (word.Length / 20_000.0);
        Assert.InRange(counted, whole * 0.9, (whole * 1.1) + (2 * pieces));
    }

    [Fact]
    public void Count_EmptyText_IsZero() => Assert.Equal(0, Counter.Count("gpt-4o", ""));
}
