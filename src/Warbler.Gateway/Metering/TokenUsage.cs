using System.Text.Json;

namespace Warbler.Gateway.Metering;

/// <summary>
/// The token counts an upstream reported in its <c>usage</c> object: chat's names
/// (<c>prompt_tokens</c>, <c>completion_tokens</c>) or the Responses API's (<c>input_tokens</c>, <c>output_tokens</c>).
/// </summary>
internal sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens, int CachedTokens)
{
    /// <summary>Output tokens spent reasoning (part of <see cref="CompletionTokens"/>), when the upstream says.</summary>
    public int ReasoningTokens { get; init; }

    /// <summary>
    /// Prompt tokens the provider wrote to its cache (Anthropic's <c>cache_creation_input_tokens</c>),
    /// counted in <see cref="PromptTokens"/> and priced at the cache-write price.
    /// </summary>
    public int CacheWriteTokens { get; init; }

    /// <summary>Reads a <c>usage</c> object; the reader is on its start and is left on its end.</summary>
    internal static TokenUsage Read(ref Utf8JsonReader reader)
    {
        int prompt = 0, completion = 0, total = 0, cached = 0, reasoning = 0, cacheWrite = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8))
            {
                prompt = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8))
            {
                completion = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                total = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8))
            {
                cached = ReadDetail(ref reader, "cached_tokens"u8, cached);
            }
            else if (reader.ValueTextEquals("completion_tokens_details"u8) || reader.ValueTextEquals("output_tokens_details"u8))
            {
                reasoning = ReadDetail(ref reader, "reasoning_tokens"u8, reasoning);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TokenUsage(prompt, completion, total == 0 ? prompt + completion : total, cached) { ReasoningTokens = reasoning, CacheWriteTokens = cacheWrite };
    }

    /// <summary>One count of a details object (<c>prompt_tokens_details.cached_tokens</c>...); the reader is left on its end.</summary>
    private static int ReadDetail(ref Utf8JsonReader reader, ReadOnlySpan<byte> name, int value)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return value;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = ReadInt(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }
}
