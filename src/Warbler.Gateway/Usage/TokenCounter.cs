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

    public int Count(string model, string text) => text.Length == 0 ? 0 : TokenizerFor(model).CountTokens(text);

    private Tokenizer TokenizerFor(string model) =>
        O200kFamilies.Any(family => model.StartsWith(family, StringComparison.OrdinalIgnoreCase)) ? _o200k.Value : _cl100k.Value;
}
