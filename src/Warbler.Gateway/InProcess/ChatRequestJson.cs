using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// Writes an in-process call as OpenAI's chat completion JSON, always streamed and always asking
/// for the usage chunk, so the answer is billed by the upstream's own count. A message's text is its
/// <c>content</c> (with images, content parts: <see cref="ImageParts"/>), its <see cref="ChatMessage.AuthorName"/> its <c>name</c>.
/// </summary>
internal static class ChatRequestJson
{
    private const int MaxNameLength = 64;

    public static byte[] Write(string model, IReadOnlyList<ChatMessage> messages, ChatOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            foreach (var message in messages)
            {
                WriteMessage(writer, message);
            }

            writer.WriteEndArray();
            WriteTools(writer, options.Tools);
            WriteIfSet(writer, "temperature", options.Temperature);
            WriteIfSet(writer, "top_p", options.TopP);
            if (options.MaxOutputTokens is { } maxTokens)
            {
                writer.WriteNumber("max_tokens", maxTokens);
            }

            WriteIfSet(writer, "frequency_penalty", options.FrequencyPenalty);
            WriteIfSet(writer, "presence_penalty", options.PresencePenalty);
            writer.WriteBoolean("stream", true);
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// One message; a tool's results become one <c>tool</c> message each, and the calls an
    /// assistant asked for its <c>tool_calls</c>.
    /// </summary>
    private static void WriteMessage(Utf8JsonWriter writer, ChatMessage message)
    {
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("role", "tool");
                writer.WriteString("tool_call_id", result.CallId);
                writer.WriteString("content", ResultText(result.Result));
                writer.WriteEndObject();
            }

            return;
        }

        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        if (calls.Count > 0 && message.Text.Length == 0)
        {
            writer.WriteNull("content");
        }
        else if (message.Contents.Any(c => c is DataContent data && data.HasTopLevelMediaType("image")))
        {
            writer.WritePropertyName("content");
            ImageParts.Write(writer, message);
        }
        else
        {
            writer.WriteString("content", message.Text);
        }

        if (ParticipantName(message.AuthorName) is { } name)
        {
            writer.WriteString("name", name);
        }

        if (calls.Count > 0)
        {
            writer.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id", call.CallId);
                writer.WriteString("type", "function");
                writer.WriteStartObject("function");
                writer.WriteString("name", call.Name);
                writer.WriteString("arguments", JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>A function's result as the model reads it: text as it is, anything else as JSON.</summary>
    private static string ResultText(object? result) => result switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString()!,
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    /// <summary>The functions offered to the model, as OpenAI's <c>tools</c>.</summary>
    private static void WriteTools(Utf8JsonWriter writer, IList<AITool>? tools)
    {
        var functions = tools?.OfType<AIFunctionDeclaration>().ToList();
        if (functions is null || functions.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("tools");
        foreach (var function in functions)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "function");
            writer.WriteStartObject("function");
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrEmpty(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WritePropertyName("parameters");
            function.JsonSchema.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The name as OpenAI accepts it (<c>^[a-zA-Z0-9_-]{1,64}$</c>), or null when nothing recognisable is left.</summary>
    internal static string? ParticipantName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var length = Math.Min(name.Length, MaxNameLength);
        var recognisable = false;
        var result = string.Create(length, name, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_';
            }
        });
        foreach (var c in result)
        {
            recognisable |= char.IsAsciiLetterOrDigit(c);
        }

        return recognisable ? result : null;
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, float? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
