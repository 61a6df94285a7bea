using Microsoft.ML.Tokenizers;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Counts tokens as OpenAI's models do: o200k_base for the GPT-4o and later families, cl100k_base
/// for the rest (close enough for other vendors' models, whose own tokenizers are not public).
/// </summary>
public sealed class TokenCounter
{
    private static readonly string[] O200kFamilies = ["gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4"];

    private readonly Lazy<Tokenizer> _o200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private readonly Lazy<Tokenizer> _cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    /// <summary>
    /// The longest piece counted at once. The tokenizer's merge step grows with the square of a
    /// word's length, so a huge word (hostile input, a pasted base64 blob) would take minutes whole.
    /// </summary>
    private const int PieceLength = 2048;

    public int Count(string model, string text)
    {
        var tokenizer = TokenizerFor(model);
        var rest = text.AsSpan();
        var total = 0;
        while (rest.Length > PieceLength)
        {
            var cut = CutPoint(rest[..PieceLength]);
            total += tokenizer.CountTokens(rest[..cut]);
            rest = rest[cut..];
        }

        return rest.IsEmpty ? total : total + tokenizer.CountTokens(rest);
    }

    /// <summary>
    /// Before the piece's last space that follows a word: both sides are then split into words as
    /// the whole text is, so ordinary text counts exactly. A piece with no such space is cut at its
    /// end (never inside a surrogate pair), which may count a token or two more.
    /// </summary>
    private static int CutPoint(ReadOnlySpan<char> piece)
    {
        for (var i = piece.Length - 1; i > 0; i--)
        {
            if (piece[i] == ' ' && !char.IsWhiteSpace(piece[i - 1]))
            {
                return i;
            }
        }

        return char.IsHighSurrogate(piece[^1]) ? piece.Length - 1 : piece.Length;
    }

    /// <summary>
    /// Loads the vocabulary the model's tokens are counted with, if not yet loaded: the first load
    /// of one takes a few hundred milliseconds of CPU and allocates tens of megabytes.
    /// </summary>
    public void Prepare(string model) => _ = TokenizerFor(model);

    /// <summary>The vocabularies loaded so far, by encoding name.</summary>
    public IReadOnlyList<string> LoadedEncodings =>
        [.. _o200k.IsValueCreated ? (string[])["o200k_base"] : [], .. _cl100k.IsValueCreated ? (string[])["cl100k_base"] : []];

    private Tokenizer TokenizerFor(string model) =>
        O200kFamilies.Any(family => model.StartsWith(family, StringComparison.OrdinalIgnoreCase)) ? _o200k.Value : _cl100k.Value;
}
