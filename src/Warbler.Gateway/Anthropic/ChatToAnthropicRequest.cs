using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Anthropic;

/// <summary>
/// Turns a chat completions request into an Anthropic Messages request: system messages become
/// <c>system</c>, content parts become content blocks, tool calls and tool messages become
/// <c>tool_use</c> and <c>tool_result</c> blocks, and the sampling settings follow.
/// </summary>
internal static class ChatToAnthropicRequest
{
    /// <returns>The Messages request, or null with <paramref name="problem"/> saying what could not be translated.</returns>
    public static byte[]? Translate(ReadOnlySpan<byte> chatJson, int defaultMaxTokens, out string? problem)
    {
        problem = null;
        try
        {
            var chat = JsonNode.Parse(chatJson) as JsonObject ?? throw new JsonException("not an object");
            _ = chat.Count; // JsonObject reads its properties lazily; duplicate names throw here.
            return Translate(chat, defaultMaxTokens);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8, found only when it is read.
            problem = $"The request could not be translated for Anthropic ({exception.GetType().Name}): it is not a JSON object of valid Unicode text.";
            return null;
        }
    }

    private static byte[] Translate(JsonObject chat, int defaultMaxTokens)
    {
        var request = new JsonObject { ["model"] = chat["model"]?.DeepClone() };
        var system = new JsonArray();
        var messages = new JsonArray();
        if (chat["messages"] is JsonArray chatMessages)
        {
            foreach (var message in chatMessages.OfType<JsonObject>())
            {
                var role = StringOf(message["role"]);
                if (role is "system" or "developer")
                {
                    foreach (var text in TextsOf(message["content"]))
                    {
                        system.Add(new JsonObject { ["type"] = "text", ["text"] = text });
                    }

                    continue;
                }

                var (anthropicRole, blocks) = role switch
                {
                    "assistant" => ("assistant", AssistantBlocks(message)),
                    "tool" => ("user", [ToolResult(message)]),
                    _ => ("user", UserBlocks(message["content"])),
                };
                Append(messages, anthropicRole, blocks);
            }
        }

        if (system.Count > 0)
        {
            request["system"] = system;
        }

        request["messages"] = messages;
        request["max_tokens"] = IntOf(chat["max_completion_tokens"]) ?? IntOf(chat["max_tokens"]) ?? defaultMaxTokens;
        switch (chat["stop"])
        {
            case JsonValue stop when stop.GetValueKind() == JsonValueKind.String:
                request["stop_sequences"] = new JsonArray(stop.GetValue<string>());
                break;
            case JsonArray stops:
                request["stop_sequences"] = stops.DeepClone();
                break;
        }

        foreach (var name in (string[])["temperature", "top_p", "top_k", "stream"])
        {
            if (chat[name] is JsonValue value && value.GetValueKind() != JsonValueKind.Null)
            {
                request[name] = value.DeepClone();
            }
        }

        if (StringOf(chat["user"]) is { Length: > 0 } user)
        {
            request["metadata"] = new JsonObject { ["user_id"] = user };
        }

        if (chat["tools"] is JsonArray tools && tools.Count > 0)
        {
            request["tools"] = new JsonArray([.. tools.OfType<JsonObject>().Select(Tool)]);
        }

        if (ToolChoice(chat["tool_choice"], chat["parallel_tool_calls"]) is { } choice)
        {
            request["tool_choice"] = choice;
        }

        return JsonSerializer.SerializeToUtf8Bytes(request, GatewayJson.SerializerOptions);
    }

    /// <summary>Consecutive turns of one role are merged, as Anthropic wants turns to alternate.</summary>
    private static void Append(JsonArray messages, string role, List<JsonNode> blocks)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        if (messages.Count > 0 && messages[^1] is JsonObject last && StringOf(last["role"]) == role && last["content"] is JsonArray content)
        {
            foreach (var block in blocks)
            {
                content.Add(block);
            }

            return;
        }

        messages.Add(new JsonObject { ["role"] = role, ["content"] = new JsonArray([.. blocks]) });
    }

    private static List<JsonNode> UserBlocks(JsonNode? content)
    {
        var blocks = new List<JsonNode>();
        if (content is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            blocks.Add(TextBlock(text.GetValue<string>()));
        }
        else if (content is JsonArray parts)
        {
            foreach (var part in parts.OfType<JsonObject>())
            {
                switch (StringOf(part["type"]))
                {
                    case "text":
                        blocks.Add(TextBlock(StringOf(part["text"]) ?? ""));
                        break;
                    case "image_url":
                        var url = StringOf((part["image_url"] as JsonObject)?["url"]) ?? StringOf(part["image_url"]) ?? "";
                        blocks.Add(ImageBlock(url));
                        break;
                }
            }
        }

        return blocks;
    }

    private static List<JsonNode> AssistantBlocks(JsonObject message)
    {
        var blocks = new List<JsonNode>();
        foreach (var text in TextsOf(message["content"]))
        {
            if (text.Length > 0)
            {
                blocks.Add(TextBlock(text));
            }
        }

        if (message["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls.OfType<JsonObject>())
            {
                blocks.Add(new JsonObject
                {
                    ["type"] = "tool_use",
                    ["id"] = StringOf(call["id"]) ?? "",
                    ["name"] = StringOf((call["function"] as JsonObject)?["name"]) ?? "",
                    ["input"] = InputOf(StringOf((call["function"] as JsonObject)?["arguments"])),
                });
            }
        }

        return blocks;
    }

    private static JsonObject ToolResult(JsonObject message) => new()
    {
        ["type"] = "tool_result",
        ["tool_use_id"] = StringOf(message["tool_call_id"]) ?? "",
        ["content"] = string.Join("\n", TextsOf(message["content"])),
    };

    private static JsonObject Tool(JsonObject tool)
    {
        var function = tool["function"] as JsonObject ?? tool;
        var result = new JsonObject
        {
            ["name"] = StringOf(function["name"]) ?? "",
            ["input_schema"] = function["parameters"]?.DeepClone() ?? new JsonObject { ["type"] = "object" },
        };
        if (StringOf(function["description"]) is { } description)
        {
            result["description"] = description;
        }

        return result;
    }

    private static JsonObject? ToolChoice(JsonNode? choice, JsonNode? parallel)
    {
        JsonObject? result = choice switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() switch
            {
                "none" => new JsonObject { ["type"] = "none" },
                "required" => new JsonObject { ["type"] = "any" },
                _ => new JsonObject { ["type"] = "auto" },
            },
            JsonObject named when StringOf((named["function"] as JsonObject)?["name"]) is { } name => new JsonObject { ["type"] = "tool", ["name"] = name },
            _ => null,
        };

        if (parallel is JsonValue flag && flag.GetValueKind() == JsonValueKind.False)
        {
            result ??= new JsonObject { ["type"] = "auto" };
            if (StringOf(result["type"]) != "none")
            {
                result["disable_parallel_tool_use"] = true;
            }
        }

        return result;
    }

    /// <summary>A data URL becomes a base64 image source; any other URL is left for Anthropic to fetch.</summary>
    private static JsonObject ImageBlock(string url)
    {
        const string dataPrefix = "data:";
        const string base64Marker = ";base64,";
        var marker = url.IndexOf(base64Marker, StringComparison.Ordinal);
        var source = url.StartsWith(dataPrefix, StringComparison.OrdinalIgnoreCase) && marker > 0
            ? new JsonObject
            {
                ["type"] = "base64",
                ["media_type"] = url[dataPrefix.Length..marker],
                ["data"] = url[(marker + base64Marker.Length)..],
            }
            : new JsonObject { ["type"] = "url", ["url"] = url };
        return new JsonObject { ["type"] = "image", ["source"] = source };
    }

    private static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };

    /// <summary>Tool arguments as an object; arguments that are not a JSON object are sent as none.</summary>
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

    private static IEnumerable<string> TextsOf(JsonNode? content)
    {
        if (content is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            yield return value.GetValue<string>();
        }
        else if (content is JsonArray parts)
        {
            foreach (var part in parts.OfType<JsonObject>())
            {
                if (StringOf(part["text"]) is { } text)
                {
                    yield return text;
                }
            }
        }
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static int? IntOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) ? number : null;
}
