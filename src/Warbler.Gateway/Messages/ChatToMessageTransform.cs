using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Messages;

/// <summary>
/// Turns a whole chat completion into an Anthropic message: text and tool calls become content
/// blocks, <c>finish_reason</c> becomes <c>stop_reason</c>, and usage is split as Anthropic splits
/// it (<c>input_tokens</c> without the cached prompt).
/// </summary>
internal sealed class ChatToMessageTransform : IResponseTransform
{
    public byte[] TransformBody(ReadOnlySpan<byte> json) => TransformBody(json, null);

    /// <summary>With <paramref name="usage"/> (the upstream's, or Warbler's estimate when it reported none) as the message's usage.</summary>
    public byte[] TransformBody(ReadOnlySpan<byte> json, TokenUsage? usage)
    {
        if (GatewayJson.TryParseObject(json) is not { } chat)
        {
            return json.ToArray();
        }

        var choice = (chat["choices"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var reply = choice?["message"] as JsonObject;
        var content = new JsonArray();
        if (StringOf(reply?["content"]) is { Length: > 0 } text)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = text });
        }

        if (reply?["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls.OfType<JsonObject>())
            {
                var function = call["function"] as JsonObject;
                content.Add(new JsonObject
                {
                    ["type"] = "tool_use",
                    ["id"] = StringOf(call["id"]),
                    ["name"] = StringOf(function?["name"]),
                    ["input"] = InputOf(StringOf(function?["arguments"])),
                });
            }
        }

        var message = new JsonObject
        {
            ["id"] = MessageId(StringOf(chat["id"])),
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = StringOf(chat["model"]),
            ["content"] = content,
            ["stop_reason"] = StopReason(StringOf(choice?["finish_reason"])),
            ["stop_sequence"] = null,
            ["usage"] = usage is null ? Usage(chat["usage"] as JsonObject) : Usage(usage),
        };
        return JsonSerializer.SerializeToUtf8Bytes(message, GatewayJson.SerializerOptions);
    }

    /// <summary>Streams are rewritten by <see cref="ChatToMessageStream"/>, so no chunk comes here; one that did would pass as it is.</summary>
    public void TransformChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output) => output.Write(json);

    internal static string? StopReason(string? finishReason) => finishReason switch
    {
        null => null,
        "length" => "max_tokens",
        "tool_calls" or "function_call" => "tool_use",
        "content_filter" => "refusal",
        _ => "end_turn",
    };

    /// <summary>Anthropic's usage: the prompt less what was read from or written to the cache, which are counted apart.</summary>
    internal static JsonObject Usage(JsonObject? usage)
    {
        var prompt = IntOf(usage?["prompt_tokens"]);
        var cacheRead = IntOf((usage?["prompt_tokens_details"] as JsonObject)?["cached_tokens"]);
        var cacheWrite = IntOf(usage?["cache_creation_input_tokens"]);
        return new JsonObject
        {
            ["input_tokens"] = Math.Max(0, prompt - cacheRead - cacheWrite),
            ["output_tokens"] = IntOf(usage?["completion_tokens"]),
            ["cache_creation_input_tokens"] = cacheWrite,
            ["cache_read_input_tokens"] = cacheRead,
        };
    }

    /// <summary>The same split of Warbler's own counts.</summary>
    internal static JsonObject Usage(TokenUsage usage) => new()
    {
        ["input_tokens"] = Math.Max(0, usage.PromptTokens - usage.CachedTokens - usage.CacheWriteTokens),
        ["output_tokens"] = usage.CompletionTokens,
        ["cache_creation_input_tokens"] = usage.CacheWriteTokens,
        ["cache_read_input_tokens"] = usage.CachedTokens,
    };

    /// <summary>Anthropic's ids start <c>msg_</c>; an upstream's own id is kept after it.</summary>
    private static string MessageId(string? id) =>
        id is null ? $"msg_{Guid.NewGuid():N}" : id.StartsWith("msg_", StringComparison.Ordinal) ? id : $"msg_{id}";

    private static JsonNode InputOf(string? arguments)
    {
        try
        {
            return string.IsNullOrWhiteSpace(arguments) ? new JsonObject() : JsonNode.Parse(arguments) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            return new JsonObject();
        }
    }

    private static int IntOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : 0;

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
