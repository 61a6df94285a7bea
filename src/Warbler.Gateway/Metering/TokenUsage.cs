using System.Text.Json;

namespace Warbler.Gateway.Metering;

/// <summary>The token counts an upstream reported in its <c>usage</c> object.</summary>
internal sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens, int CachedTokens)
{
    /// <summary>
    /// Prompt tokens the provider wrote to its cache (Anthropic's <c>cache_creation_input_tokens</c>),
    /// counted in <see cref="PromptTokens"/> and priced at the cache-write price.
    /// </summary>
    public int CacheWriteTokens { get; init; }

    /// <summary>Reads a <c>usage</c> object; the reader is on its start and is left on its end.</summary>
    internal static TokenUsage Read(ref Utf8JsonReader reader)
    {
        int prompt = 0, completion = 0, total = 0, cached = 0, cacheWrite = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                prompt = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
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
            else if (reader.ValueTextEquals("prompt_tokens_details"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("cached_tokens"u8))
                        {
                            cached = ReadInt(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TokenUsage(prompt, completion, total == 0 ? prompt + completion : total, cached) { CacheWriteTokens = cacheWrite };
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
    }
}
