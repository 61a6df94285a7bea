using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Turns a chat answer into a legacy completion: <c>choices[].message.content</c> (or the
/// stream's <c>delta.content</c>) becomes <c>choices[].text</c>, and the object type follows.
/// With <see cref="KeepMessage"/> the chat fields stay beside <c>text</c>, for the engines URL
/// called with <c>messages</c>.
/// </summary>
internal sealed class ChatToCompletionTransform(string? echoPrefix = null) : IResponseTransform
{
    public bool KeepMessage { get; init; }

    private bool _echoed;

    public byte[] TransformBody(ReadOnlySpan<byte> json)
    {
        if (GatewayJson.TryParseObject(json) is not JsonObject root)
        {
            return json.ToArray();
        }

        if (!KeepMessage)
        {
            root["object"] = "text_completion";
        }

        ForEachChoice(root, choice =>
        {
            var text = TextOf(choice["message"]);
            choice["text"] = echoPrefix + text;
            if (!KeepMessage)
            {
                choice.Remove("message");
            }
        });

        return JsonSerializer.SerializeToUtf8Bytes(root, GatewayJson.SerializerOptions);
    }

    public void TransformChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        if (GatewayJson.TryParseObject(json) is not JsonObject root)
        {
            output.Write(json);
            return;
        }

        if (!KeepMessage)
        {
            root["object"] = "text_completion";
        }

        ForEachChoice(root, choice =>
        {
            var text = TextOf(choice["delta"]);
            if (!_echoed && echoPrefix is not null)
            {
                text = echoPrefix + text;
                _echoed = true;
            }

            choice["text"] = text;
            if (!KeepMessage)
            {
                choice.Remove("delta");
            }
        });

        using var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions);
        root.WriteTo(writer);
    }


    private static string TextOf(JsonNode? message) =>
        message is JsonObject { } fields && fields["content"] is JsonValue content && content.TryGetValue<string>(out var text) ? text : "";

    private static void ForEachChoice(JsonObject root, Action<JsonObject> change)
    {
        if (root["choices"] is not JsonArray choices)
        {
            return;
        }

        foreach (var choice in choices.OfType<JsonObject>())
        {
            change(choice);
        }
    }
}
