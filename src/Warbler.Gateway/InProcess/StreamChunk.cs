using System.Text.Json;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// What an in-process call reads of one stream chunk (or of a whole answer): the model, the first
/// choice's text, tool calls (pieces of them, in a stream) and finish reason, the <c>usage</c>
/// object, and an error the upstream put in the stream. One forward pass with
/// <see cref="Utf8JsonReader"/>; everything else is skipped.
/// </summary>
internal readonly record struct StreamChunk(string? Model, string? Content, string? FinishReason, TokenUsage? Usage, string? Error, List<ToolCallPiece>? ToolCalls = null)
{
    public static StreamChunk Read(ReadOnlySpan<byte> json)
    {
        string? model = null, content = null, finishReason = null, error = null;
        TokenUsage? usage = null;
        List<ToolCallPiece>? toolCalls = null;
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
                    ReadFirstChoice(ref reader, ref content, ref finishReason, ref toolCalls);
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

        return new StreamChunk(model, content, finishReason, usage, error, toolCalls);
    }

    /// <summary>Reads the first choice's <c>delta</c> (streams) or <c>message</c> (whole answers) content and its finish reason; the reader ends on the array's end.</summary>
    private static void ReadFirstChoice(ref Utf8JsonReader reader, ref string? content, ref string? finishReason, ref List<ToolCallPiece>? toolCalls)
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
                    content = ReadContent(ref reader, ref toolCalls);
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

    private static string? ReadContent(ref Utf8JsonReader reader, ref List<ToolCallPiece>? toolCalls)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? content = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                content = StringOrNull(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, ref toolCalls);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return content;
    }

    /// <summary>Reads <c>tool_calls</c>: whole calls in an answer, pieces of them (by <c>index</c>) in a stream.</summary>
    private static void ReadToolCalls(ref Utf8JsonReader reader, ref List<ToolCallPiece>? toolCalls)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            int index = position++;
            string? id = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : index;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = StringOrNull(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    ReadFunction(ref reader, ref name, ref arguments);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            (toolCalls ??= []).Add(new ToolCallPiece(index, id, name, arguments));
        }
    }

    private static void ReadFunction(ref Utf8JsonReader reader, ref string? name, ref string? arguments)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isName = reader.ValueTextEquals("name"u8);
            var isArguments = reader.ValueTextEquals("arguments"u8);
            reader.Read();
            if (isName)
            {
                name = StringOrNull(ref reader);
            }
            else if (isArguments)
            {
                arguments = StringOrNull(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
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
