using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// Writes an in-process call as OpenAI's chat completion JSON, always streamed and always asking
/// for the usage chunk, so the answer is billed by the upstream's own count. A message's text is its
/// <c>content</c>, its <see cref="ChatMessage.AuthorName"/> its <c>name</c>.
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
                writer.WriteStartObject();
                writer.WriteString("role", message.Role.Value);
                writer.WriteString("content", message.Text);
                if (ParticipantName(message.AuthorName) is { } name)
                {
                    writer.WriteString("name", name);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
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
