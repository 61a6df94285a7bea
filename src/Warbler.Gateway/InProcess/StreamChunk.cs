using System.Text.Json;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// What a bot reads of one stream chunk (or of a whole answer): the model, the first choice's text
/// and finish reason, the <c>usage</c> object, and an error the upstream put in the stream. One
/// forward pass with <see cref="Utf8JsonReader"/>; everything else is skipped.
/// </summary>
internal readonly record struct StreamChunk(string? Model, string? Content, string? FinishReason, TokenUsage? Usage, string? Error)
{
    public static StreamChunk Read(ReadOnlySpan<byte> json)
    {
        string? model = null, content = null, finishReason = null, error = null;
        TokenUsage? usage = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return default;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = StringOrNull(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = reader.TokenType == JsonTokenType.StartObject ? TokenUsage.Read(ref reader) : null;
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    ReadFirstChoice(ref reader, ref content, ref finishReason);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = ReadError(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // A malformed chunk carries nothing a bot can use.
        }

        return new StreamChunk(model, content, finishReason, usage, error);
    }

    /// <summary>Reads the first choice's <c>delta</c> (streams) or <c>message</c> (whole answers) content and its finish reason; the reader ends on the array's end.</summary>
    private static void ReadFirstChoice(ref Utf8JsonReader reader, ref string? content, ref string? finishReason)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("delta"u8) || reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    content = ReadContent(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    reader.Read();
                    finishReason = StringOrNull(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static string? ReadContent(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? content = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent)
            {
                content = StringOrNull(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return content;
    }

    /// <summary><c>error.message</c>, or <c>error</c> itself when it is a string.</summary>
    private static string? ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var message = "The upstream reported an error.";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                message = reader.GetString()!;
            }
            else
            {
                reader.Skip();
            }
        }

        return message;
    }

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }
}
