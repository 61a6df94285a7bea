using System.Text;
using System.Text.RegularExpressions;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// Splits a document's text into passages of about <c>targetTokens</c> tokens. A passage never
/// crosses a Markdown heading and breaks between paragraphs (blank lines) where it can, then
/// between sentences, then between words; each one after the first of a section starts with
/// about <c>overlapTokens</c> of the one before, so an answer that straddles a break is whole in one.
/// </summary>
internal sealed partial class TextChunker(Func<string, int> countTokens, int targetTokens, int overlapTokens)
{
    private const int MaxHeadingLevels = 6;

    public List<TextChunk> Split(string text)
    {
        var chunks = new List<TextChunk>();
        foreach (var (headingPath, paragraphs) in Sections(text))
        {
            foreach (var passage in Pack(Pieces(paragraphs)))
            {
                chunks.Add(new TextChunk(chunks.Count, headingPath, passage));
            }
        }

        return chunks;
    }

    /// <summary>The text's sections: the heading path each starts under, and its paragraphs.</summary>
    private static List<(string? HeadingPath, List<string> Paragraphs)> Sections(string text)
    {
        var sections = new List<(string?, List<string>)>();
        var headings = new string?[MaxHeadingLevels];
        string? path = null;
        var paragraphs = new List<string>();
        var paragraph = new StringBuilder();

        void EndParagraph()
        {
            if (paragraph.Length > 0)
            {
                paragraphs.Add(paragraph.ToString());
                paragraph.Clear();
            }
        }

        void EndSection()
        {
            EndParagraph();
            if (paragraphs.Count > 0)
            {
                sections.Add((path, paragraphs));
                paragraphs = [];
            }
        }

        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.TrimEnd();
            if (Heading().Match(line) is { Success: true } heading)
            {
                EndSection();
                var level = heading.Groups[1].Length;
                headings[level - 1] = heading.Groups[2].Value.Trim();
                Array.Clear(headings, level, MaxHeadingLevels - level);
                path = string.Join(TextChunk.HeadingSeparator, headings.Where(h => !string.IsNullOrEmpty(h)));
            }
            else if (line.Trim().Length == 0)
            {
                EndParagraph();
            }
            else
            {
                paragraph.Append(paragraph.Length > 0 ? "\n" : "").Append(line);
            }
        }

        EndSection();
        return sections;
    }

    /// <summary>A section's paragraphs, each cut into sentences and then runs of words when it is too long to be one passage.</summary>
    private List<Piece> Pieces(List<string> paragraphs)
    {
        var pieces = new List<Piece>();
        foreach (var paragraph in paragraphs)
        {
            var tokens = countTokens(paragraph);
            if (tokens <= targetTokens)
            {
                pieces.Add(new Piece(paragraph, tokens, StartsParagraph: true));
                continue;
            }

            var first = true;
            foreach (var sentence in SentenceBreak().Split(paragraph))
            {
                foreach (var part in WordRuns(sentence))
                {
                    pieces.Add(part with { StartsParagraph = first });
                    first = false;
                }
            }
        }

        return pieces;
    }

    /// <summary>A sentence as runs of words of at most the target size (one run when it is short).</summary>
    private IEnumerable<Piece> WordRuns(string sentence)
    {
        var tokens = countTokens(sentence);
        if (tokens <= targetTokens)
        {
            yield return new Piece(sentence, tokens, false);
            yield break;
        }

        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var perRun = Math.Max(1, (int)((long)words.Length * targetTokens / tokens));
        for (var start = 0; start < words.Length; start += perRun)
        {
            var run = string.Join(' ', words, start, Math.Min(perRun, words.Length - start));
            yield return new Piece(run, countTokens(run), false);
        }
    }

    /// <summary>Pieces gathered into passages of at most the target size, each carrying the end of the one before.</summary>
    private List<string> Pack(List<Piece> pieces)
    {
        var passages = new List<string>();
        var current = new List<Piece>();
        var currentTokens = 0;
        var fresh = 0; // Pieces of the current passage that are not overlap.
        foreach (var piece in pieces)
        {
            if (fresh > 0 && currentTokens + piece.Tokens > targetTokens)
            {
                passages.Add(Join(current));
                current = Overlap(current);
                currentTokens = current.Sum(p => p.Tokens);
                fresh = 0;
                if (currentTokens + piece.Tokens > targetTokens)
                {
                    // The overlap must not push a passage over its size.
                    current.Clear();
                    currentTokens = 0;
                }
            }

            current.Add(piece);
            currentTokens += piece.Tokens;
            fresh++;
        }

        if (fresh > 0)
        {
            passages.Add(Join(current));
        }

        return passages;
    }

    /// <summary>The end of a passage to start the next with: its last whole pieces that fit the overlap, or the last words of its last piece.</summary>
    private List<Piece> Overlap(List<Piece> passage)
    {
        if (overlapTokens <= 0)
        {
            return [];
        }

        var kept = new List<Piece>();
        var tokens = 0;
        for (var i = passage.Count - 1; i > 0 && tokens + passage[i].Tokens <= overlapTokens; i--)
        {
            kept.Insert(0, passage[i]);
            tokens += passage[i].Tokens;
        }

        if (kept.Count > 0)
        {
            return kept;
        }

        var last = passage[^1];
        var words = last.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var take = Math.Min(words.Length - 1, (int)Math.Ceiling((double)words.Length * overlapTokens / Math.Max(1, last.Tokens)));
        if (take <= 0)
        {
            return [];
        }

        var tail = string.Join(' ', words, words.Length - take, take);
        return [new Piece(tail, countTokens(tail), StartsParagraph: true)];
    }

    private static string Join(List<Piece> pieces)
    {
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (text.Length > 0)
            {
                text.Append(piece.StartsParagraph ? "\n\n" : " ");
            }

            text.Append(piece.Text);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*#*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceBreak();

    private sealed record Piece(string Text, int Tokens, bool StartsParagraph);
}
