using Warbler.Chat.Knowledge;

namespace Warbler.Chat.Tests.Knowledge;

/// <summary>How documents are cut into passages: by headings, then paragraphs, then sentences, with overlap.</summary>
public sealed class TextChunkerTests
{
    /// <summary>One token a word, so sizes are easy to read.</summary>
    private static int Words(string text) => text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public void Split_MarkdownHeadings_EachChunkKnowsItsHeadingPathAndNoneCrossesAHeading()
    {
        const string text = """
            Preface before any heading.

            # Handbook

            Welcome to the company.

            ## Holidays

            Staff get 25 days a year.

            ### Summer

            The office closes in August.

            ## Expenses

            Keep every receipt.
            """;

        var chunks = new TextChunker(Words, targetTokens: 100, overlapTokens: 10).Split(text);

        Assert.Equal(
            [
                (null, "Preface before any heading."),
                ("Handbook", "Welcome to the company."),
                ("Handbook › Holidays", "Staff get 25 days a year."),
                ("Handbook › Holidays › Summer", "The office closes in August."),
                ("Handbook › Expenses", "Keep every receipt."),
            ],
            chunks.Select(c => (c.HeadingPath, c.Text)));
        Assert.Equal([0, 1, 2, 3, 4], chunks.Select(c => c.Ordinal));
        Assert.Equal("Handbook › Holidays\n\nStaff get 25 days a year.", chunks[2].EmbeddingInput);
    }

    [Fact]
    public void Split_ParagraphsLongerThanAChunk_BreaksBetweenParagraphsAndOverlaps()
    {
        // Six paragraphs of 10 words; chunks of at most 25 words hold two paragraphs, and the next starts with the last of them.
        var paragraphs = Enumerable.Range(1, 6).Select(p => string.Join(' ', Enumerable.Range(1, 10).Select(w => $"p{p}w{w}"))).ToList();

        var chunks = new TextChunker(Words, targetTokens: 25, overlapTokens: 10).Split(string.Join("\n\n", paragraphs));

        Assert.All(chunks, c => Assert.True(Words(c.Text) <= 25, $"Over the target: {c.Text}"));
        Assert.Equal($"{paragraphs[0]}\n\n{paragraphs[1]}", chunks[0].Text);
        Assert.Equal($"{paragraphs[1]}\n\n{paragraphs[2]}", chunks[1].Text);
        Assert.StartsWith(paragraphs[2], chunks[2].Text, StringComparison.Ordinal);

        // Every paragraph is whole in some chunk: no paragraph is cut where it need not be.
        Assert.All(paragraphs, p => Assert.Contains(chunks, c => c.Text.Contains(p, StringComparison.Ordinal)));
        Assert.EndsWith(paragraphs[5], chunks[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_AParagraphLongerThanAChunk_BreaksBetweenSentencesAndCarriesTheEndOfTheOneBefore()
    {
        var sentences = Enumerable.Range(1, 8).Select(s => $"Sentence {s} has exactly seven words here.").ToList();

        var chunks = new TextChunker(Words, targetTokens: 20, overlapTokens: 5).Split(string.Join(' ', sentences));

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(Words(c.Text) <= 20, $"Over the target: {c.Text}"));
        Assert.Equal($"{sentences[0]} {sentences[1]}", chunks[0].Text);

        // The next chunk starts with the last words of the one before (less than a sentence of overlap), then goes on with new sentences.
        Assert.StartsWith("has exactly seven words here. Sentence 3", chunks[1].Text, StringComparison.Ordinal);
        Assert.All(sentences, s => Assert.Contains(chunks, c => c.Text.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public void Split_ASentenceLongerThanAChunk_IsCutIntoRunsOfWords()
    {
        var sentence = string.Join(' ', Enumerable.Range(1, 100).Select(w => $"w{w}"));

        var chunks = new TextChunker(Words, targetTokens: 30, overlapTokens: 0).Split(sentence);

        Assert.All(chunks, c => Assert.True(Words(c.Text) <= 30));
        Assert.Equal(sentence, string.Join(' ', chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Split_NoText_NoChunks()
    {
        Assert.Empty(new TextChunker(Words, 100, 10).Split("\n\n   \n# Only a heading\n"));
    }
}
