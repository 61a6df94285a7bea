using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Anthropic;

/// <summary>Anthropic's answers, errors and model list in OpenAI's shapes.</summary>
internal static class AnthropicToChat
{
    /// <summary>A whole Messages answer as a chat completion.</summary>
    public static byte[] Answer(ReadOnlySpan<byte> json, long created)
    {
        if (GatewayJson.TryParseObject(json) is not { } message)
        {
            return json.ToArray();
        }

        string? text = null;
        var toolCalls = new JsonArray();
        if (message["content"] is JsonArray blocks)
        {
            foreach (var block in blocks.OfType<JsonObject>())
            {
                switch (StringOf(block["type"]))
                {
                    case "text":
                        text += StringOf(block["text"]);
                        break;
                    case "tool_use":
                        toolCalls.Add(new JsonObject
                        {
                            ["id"] = StringOf(block["id"]),
                            ["type"] = "function",
                            ["function"] = new JsonObject
                            {
                                ["name"] = StringOf(block["name"]),
                                ["arguments"] = block["input"]?.ToJsonString() ?? "{}",
                            },
                        });
                        break;
                }
            }
        }

        var reply = new JsonObject { ["role"] = "assistant", ["content"] = text };
        if (toolCalls.Count > 0)
        {
            reply["tool_calls"] = toolCalls;
        }

        var chat = new JsonObject
        {
            ["id"] = StringOf(message["id"]),
            ["object"] = "chat.completion",
            ["created"] = created,
            ["model"] = StringOf(message["model"]),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = reply,
                ["logprobs"] = null,
                ["finish_reason"] = FinishReason(StringOf(message["stop_reason"])),
            }),
        };
        if (message["usage"] is JsonObject usage)
        {
            chat["usage"] = Usage(new AnthropicUsage().Add(usage));
        }

        return JsonSerializer.SerializeToUtf8Bytes(chat, GatewayJson.SerializerOptions);
    }

    /// <summary>
    /// OpenAI's usage object. Anthropic's <c>input_tokens</c> leave out the cached prompt, which
    /// OpenAI's <c>prompt_tokens</c> include: cache reads are <c>cached_tokens</c>, and cache writes
    /// are reported as <c>cache_creation_input_tokens</c>.
    /// </summary>
    public static JsonObject Usage(AnthropicUsage usage)
    {
        var prompt = usage.Input + usage.CacheRead + usage.CacheWrite;
        return new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["completion_tokens"] = usage.Output,
            ["total_tokens"] = prompt + usage.Output,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CacheRead },
            ["cache_creation_input_tokens"] = usage.CacheWrite,
        };
    }

    /// <summary>Anthropic's <c>stop_reason</c> as a chat <c>finish_reason</c>.</summary>
    public static string? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <summary>
    /// An Anthropic error body in OpenAI's shape. Its status stays, but for 529 (overloaded), which
    /// becomes 503 so OpenAI clients and Warbler's failover treat it as the unavailability it is.
    /// </summary>
    public static (int Status, byte[] Body) Error(int status, ReadOnlySpan<byte> json)
    {
        var root = GatewayJson.TryParseObject(json);
        var error = root?["error"] as JsonObject;
        var type = StringOf(error?["type"]);
        var message = StringOf(error?["message"]) ?? $"The Anthropic provider answered with HTTP {status}.";
        var (openAIType, code) = type switch
        {
            "authentication_error" => ("invalid_request_error", "invalid_api_key"),
            "permission_error" => ("invalid_request_error", "permission_denied"),
            "not_found_error" => ("invalid_request_error", "not_found"),
            "rate_limit_error" => ("requests", "rate_limit_exceeded"),
            "overloaded_error" => ("api_error", "overloaded"),
            "api_error" => ("api_error", (string?)null),
            _ => ("invalid_request_error", null),
        };
        var mapped = new OpenAIError(status == 529 ? StatusCodes.Status503ServiceUnavailable : status, message, openAIType, Code: code);
        return (mapped.StatusCode, mapped.ToUtf8Json());
    }

    /// <summary>Anthropic's model list (<c>data[].id</c>, <c>created_at</c>) as OpenAI's.</summary>
    public static byte[] Models(ReadOnlySpan<byte> json)
    {
        var data = new JsonArray();
        if (GatewayJson.TryParseObject(json)?["data"] is JsonArray models)
        {
            foreach (var model in models.OfType<JsonObject>())
            {
                var created = DateTimeOffset.TryParse(StringOf(model["created_at"]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                    ? at.ToUnixTimeSeconds()
                    : 0;
                data.Add(new JsonObject
                {
                    ["id"] = StringOf(model["id"]),
                    ["object"] = "model",
                    ["created"] = created,
                    ["owned_by"] = "anthropic",
                });
            }
        }

        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["object"] = "list", ["data"] = data }, GatewayJson.SerializerOptions);
    }

    internal static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
