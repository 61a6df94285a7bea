using System.Text.Json;
using Warbler.Gateway.Requests;
using static Warbler.Gateway.Requests.RequestValues;

namespace Warbler.Gateway.Embeddings;

/// <summary>
/// What the gateway reads of an embeddings request: the model, and the input's texts and token ids
/// to count it by. <c>input</c> is a string, an array of strings, an array of token ids or an array
/// of token-id arrays, as OpenAI takes it; the rest is relayed unread but for
/// <c>dimensions</c> and <c>encoding_format</c>, which are checked.
/// </summary>
internal sealed class EmbeddingRequest
{
    /// <summary>OpenAI's limit on the inputs of one request.</summary>
    public const int MaxInputs = 2048;

    /// <summary>Far more than any embedding model makes (3072 at OpenAI); a bound, so no upstream is asked for absurd vectors.</summary>
    public const int MaxDimensions = 65536;

    private const string Input = "input";

    public string Model { get; private set; } = "";

    /// <summary>The input's texts.</summary>
    public List<string> Texts { get; } = [];

    /// <summary>Token ids given as input (counted as they are).</summary>
    public int TokenIds { get; private set; }

    /// <summary>The input's tokens by Warbler's tokenizer: the estimate the key's limits admit it by.</summary>
    public int InputTokens(Usage.TokenCounter counter) => TokenIds + Texts.Sum(text => counter.Count(Model, text));

    public static EmbeddingRequest Scan(ReadOnlySpan<byte> json)
    {
        var request = new EmbeddingRequest();
        var hasInput = false;
        JsonFieldScan.Scan(json, (ref Utf8JsonReader reader, string name) =>
        {
            switch (name)
            {
                case "model":
                    request.Model = ExpectString(ref reader, "model") ?? "";
                    if (request.Model.Length == 0)
                    {
                        throw Missing("model", "you must provide a model parameter.");
                    }

                    break;
                case Input:
                    request.ReadInput(ref reader);
                    hasInput = true;
                    break;
                case "dimensions":
                    ExpectInteger(ref reader, "dimensions", 1, MaxDimensions);
                    break;
                case "encoding_format":
                    if (ExpectString(ref reader, "encoding_format") is { } format && format is not ("float" or "base64"))
                    {
                        throw Invalid("encoding_format", $"Invalid 'encoding_format': expected 'float' or 'base64', but got '{format}'.");
                    }

                    break;
                case "user":
                    ExpectStringOrNull(ref reader, "user");
                    break;
            }
        });

        if (request.Model.Length == 0)
        {
            throw Missing("model", "you must provide a model parameter.");
        }

        if (!hasInput)
        {
            throw Missing(Input, "you must provide the input to embed (a string, an array of strings, an array of token ids or an array of token-id arrays).");
        }

        return request;
    }

    private void ReadInput(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            Texts.Add(NonEmpty(reader.GetString()!));
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongInput();
        }

        var count = 0;
        JsonTokenType? kind = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (++count > MaxInputs)
            {
                throw Invalid(Input, $"Invalid 'input': at most {MaxInputs} inputs may be embedded in one request.", "array_above_max_length");
            }

            // Every item the same kind: all strings, all token ids, or all token-id arrays.
            if (kind is not null && kind != reader.TokenType)
            {
                throw WrongInput();
            }

            kind = reader.TokenType;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    Texts.Add(NonEmpty(reader.GetString()!));
                    break;
                case JsonTokenType.Number:
                    ExpectTokenId(ref reader);
                    TokenIds++;
                    break;
                case JsonTokenType.StartArray:
                    ReadTokenArray(ref reader);
                    break;
                default:
                    throw WrongInput();
            }
        }

        if (count == 0)
        {
            throw Invalid(Input, "Invalid 'input': the array must not be empty.", "empty_array");
        }
    }

    private void ReadTokenArray(ref Utf8JsonReader reader)
    {
        var tokens = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number)
            {
                throw WrongInput();
            }

            ExpectTokenId(ref reader);
            tokens++;
        }

        if (tokens == 0)
        {
            throw Invalid(Input, "Invalid 'input': a token-id array must not be empty.", "empty_array");
        }

        TokenIds += tokens;
    }

    private static void ExpectTokenId(ref Utf8JsonReader reader)
    {
        if (!reader.TryGetInt32(out var id) || id < 0)
        {
            throw Invalid(Input, "Invalid 'input': token ids are integers of 0 or more.");
        }
    }

    private static string NonEmpty(string text) =>
        text.Length > 0 ? text : throw Invalid(Input, "Invalid 'input': the input must not be an empty string.");

    private static Errors.OpenAIErrorException WrongInput() => Invalid(
        Input,
        "Invalid 'input': expected a string, an array of strings, an array of token ids (integers) or an array of token-id arrays.",
        "invalid_type");
}
