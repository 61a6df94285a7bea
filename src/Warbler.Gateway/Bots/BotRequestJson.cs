using System.Buffers;
using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Bots;

/// <summary>
/// Writes a bot's request as OpenAI's chat completion JSON, always streamed and always asking for
/// the usage chunk, so the reply is billed by the upstream's own count.
/// </summary>
internal static class BotRequestJson
{
    private const int MaxNameLength = 64;

    public static byte[] Write(BotCompletionRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("model", request.Model);
            writer.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", RoleName(message.Role));
                writer.WriteString("content", message.Content);
                if (ParticipantName(message.Name) is { } name)
                {
                    writer.WriteString("name", name);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteIfSet(writer, "temperature", request.Temperature);
            WriteIfSet(writer, "top_p", request.TopP);
            if (request.MaxTokens is { } maxTokens)
            {
                writer.WriteNumber("max_tokens", maxTokens);
            }

            WriteIfSet(writer, "frequency_penalty", request.FrequencyPenalty);
            WriteIfSet(writer, "presence_penalty", request.PresencePenalty);
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

    private static string RoleName(BotMessageRole role) => role switch
    {
        BotMessageRole.System => "system",
        BotMessageRole.User => "user",
        BotMessageRole.Assistant => "assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a chat role."),
    };

    private static void WriteIfSet(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
