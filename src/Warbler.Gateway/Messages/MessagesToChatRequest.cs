using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Messages;

/// <summary>
/// Checks an Anthropic Messages request and turns it into a chat completions request: <c>system</c>
/// becomes a system message, content blocks become content parts, <c>tool_use</c> blocks become
/// tool calls and <c>tool_result</c> blocks tool messages. What cannot be translated is refused
/// with a 400 naming it, never dropped silently.
/// </summary>
internal static class MessagesToChatRequest
{
    /// <param name="json">The Messages request body.</param>
    /// <param name="requireMaxTokens">False for <c>count_tokens</c>, which takes no <c>max_tokens</c>.</param>
    /// <exception cref="OpenAIErrorException">The request is malformed or asks for what Warbler cannot translate.</exception>
    public static byte[] Translate(ReadOnlySpan<byte> json, bool requireMaxTokens)
    {
        var request = Parse(json);
        RequestScanner.RejectLoneSurrogates(json);
        try
        {
            return TranslateParsed(request, requireMaxTokens);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
        {
            // JsonNode checks a string only when it is read or written, so invalid UTF-8 surfaces
            // here. The message is fixed: the exception's may quote the very text that cannot be written.
            throw new OpenAIErrorException(OpenAIError.InvalidJson("a string in the body is not valid UTF-8 or Unicode."));
        }
    }

    private static byte[] TranslateParsed(JsonObject request, bool requireMaxTokens)
    {
        if (request["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String || model.GetValue<string>().Length == 0)
        {
            throw Invalid("model: Field required (a model name).", "model");
        }

        var chat = new JsonObject { ["model"] = model.GetValue<string>() };
        var messages = new JsonArray();
        AddSystem(request["system"], messages);
        if (request["messages"] is not JsonArray turns)
        {
            throw Invalid("messages: Field required (an array of messages).", "messages");
        }

        for (var i = 0; i < turns.Count; i++)
        {
            AddTurn(turns[i] as JsonObject ?? throw Invalid($"messages.{i}: must be an object.", "messages"), i, messages);
        }

        chat["messages"] = messages;
        if (request["max_tokens"] is JsonValue maxTokens && maxTokens.GetValueKind() == JsonValueKind.Number && maxTokens.TryGetValue<int>(out var max) && max >= 1)
        {
            chat["max_tokens"] = max;
        }
        else if (requireMaxTokens || request["max_tokens"] is not null)
        {
            throw Invalid("max_tokens: Field required (a whole number of at least 1).", "max_tokens");
        }

        if (request["stop_sequences"] is JsonArray stops)
        {
            chat["stop"] = stops.DeepClone();
        }

        foreach (var name in (string[])["temperature", "top_p", "top_k"])
        {
            if (request[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
            {
                chat[name] = value.DeepClone();
            }
            else if (request[name] is { } other && other.GetValueKind() != JsonValueKind.Null)
            {
                throw Invalid($"{name}: must be a number.", name);
            }
        }

        if ((request["metadata"] as JsonObject)?["user_id"] is JsonValue user && user.GetValueKind() == JsonValueKind.String)
        {
            chat["user"] = user.GetValue<string>();
        }

        if (request["thinking"] is JsonObject thinking && StringOf(thinking["type"]) is not (null or "disabled"))
        {
            throw Invalid("thinking: extended thinking is not available through Warbler's /v1/messages yet; leave it out.", "thinking");
        }

        switch (request["stream"]?.GetValueKind())
        {
            case JsonValueKind.True:
                // Relayed as a chat stream; the relay asks for the usage chunk and reads it for the closing message_delta.
                chat["stream"] = true;
                break;
            case null or JsonValueKind.False:
                break;
            default:
                throw Invalid("stream: must be true or false.", "stream");
        }

        AddTools(request, chat);
        return JsonSerializer.SerializeToUtf8Bytes(chat, GatewayJson.SerializerOptions);
    }

    private static JsonObject Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw Invalid("The request body must be a JSON object.");
            _ = root.Count; // JsonObject reads its properties lazily; duplicate names throw here.
            return root;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson(exception.Message));
        }
        catch (InvalidOperationException)
        {
            // A property name that is not valid UTF-8 fails when the names are read, here; the message is fixed, as in Translate.
            throw new OpenAIErrorException(OpenAIError.InvalidJson("a property name in the body is not valid UTF-8."));
        }
    }

    private static void AddSystem(JsonNode? system, JsonArray messages)
    {
        switch (system)
        {
            case null:
                return;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                messages.Add(new JsonObject { ["role"] = "system", ["content"] = text.GetValue<string>() });
                return;
            case JsonArray blocks:
                var texts = blocks.Select((block, i) => StringOf((block as JsonObject)?["type"]) == "text" && StringOf((block as JsonObject)?["text"]) is { } text
                    ? text
                    : throw Invalid($"system.{i}: only text blocks are accepted in system.", "system"));
                messages.Add(new JsonObject { ["role"] = "system", ["content"] = string.Join("\n\n", texts) });
                return;
            default:
                throw Invalid("system: must be a string or an array of text blocks.", "system");
        }
    }

    private static void AddTurn(JsonObject turn, int index, JsonArray messages)
    {
        var role = StringOf(turn["role"]);
        if (role is not ("user" or "assistant"))
        {
            throw Invalid($"messages.{index}.role: must be \"user\" or \"assistant\".", "messages");
        }

        if (turn["content"] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            messages.Add(new JsonObject { ["role"] = role, ["content"] = text.GetValue<string>() });
            return;
        }

        if (turn["content"] is not JsonArray blocks)
        {
            throw Invalid($"messages.{index}.content: must be a string or an array of content blocks.", "messages");
        }

        var parts = new JsonArray();
        var toolCalls = new JsonArray();
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i] as JsonObject ?? throw Invalid($"messages.{index}.content.{i}: must be an object.", "messages");
            var where = $"messages.{index}.content.{i}";
            switch (StringOf(block["type"]))
            {
                case "text":
                    parts.Add(new JsonObject { ["type"] = "text", ["text"] = StringOf(block["text"]) ?? throw Invalid($"{where}.text: Field required.", "messages") });
                    break;
                case "image" when role == "user":
                    parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = ImageUrl(block["source"] as JsonObject, where) } });
                    break;
                case "tool_use" when role == "assistant":
                    toolCalls.Add(new JsonObject
                    {
                        ["id"] = StringOf(block["id"]) ?? throw Invalid($"{where}.id: Field required.", "messages"),
                        ["type"] = "function",
                        ["function"] = new JsonObject
                        {
                            ["name"] = StringOf(block["name"]) ?? throw Invalid($"{where}.name: Field required.", "messages"),
                            ["arguments"] = (block["input"] ?? new JsonObject()).ToJsonString(),
                        },
                    });
                    break;
                case "tool_result" when role == "user":
                    // Tool messages must follow the assistant's tool calls directly, before any new user text.
                    messages.Add(new JsonObject
                    {
                        ["role"] = "tool",
                        ["tool_call_id"] = StringOf(block["tool_use_id"]) ?? throw Invalid($"{where}.tool_use_id: Field required.", "messages"),
                        ["content"] = ToolResultText(block, where),
                    });
                    break;
                case "thinking" or "redacted_thinking" when role == "assistant":
                    // Earlier reasoning sent back with the history; chat upstreams take none.
                    break;
                case var type:
                    throw Invalid($"{where}.type: the content block type '{type}' is not accepted in a {role} message here.", "messages");
            }
        }

        if (parts.Count == 0 && toolCalls.Count == 0)
        {
            return;
        }

        var message = new JsonObject { ["role"] = role };
        if (role == "assistant")
        {
            message["content"] = parts.Count == 0 ? null : string.Concat(parts.Select(p => StringOf(p?["text"])));
        }
        else
        {
            message["content"] = parts;
        }

        if (toolCalls.Count > 0)
        {
            message["tool_calls"] = toolCalls;
        }

        messages.Add(message);
    }

    private static string ImageUrl(JsonObject? source, string where) => StringOf(source?["type"]) switch
    {
        "base64" when StringOf(source!["media_type"]) is { } mediaType && StringOf(source["data"]) is { } data => $"data:{mediaType};base64,{data}",
        "url" when StringOf(source!["url"]) is { } url => url,
        _ => throw Invalid($"{where}.source: an image source must be base64 (media_type, data) or url.", "messages"),
    };

    private static string ToolResultText(JsonObject block, string where)
    {
        var text = block["content"] switch
        {
            null => "",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonArray parts => string.Join("\n", parts.Select((part, i) => StringOf((part as JsonObject)?["type"]) == "text" && StringOf((part as JsonObject)?["text"]) is { } partText
                ? partText
                : throw Invalid($"{where}.content.{i}: only text is accepted in a tool_result here.", "messages"))),
            _ => throw Invalid($"{where}.content: must be a string or text blocks.", "messages"),
        };
        return block["is_error"] is JsonValue error && error.GetValueKind() == JsonValueKind.True ? $"Error: {text}" : text;
    }

    private static void AddTools(JsonObject request, JsonObject chat)
    {
        if (request["tools"] is JsonArray tools && tools.Count > 0)
        {
            var functions = new JsonArray();
            for (var i = 0; i < tools.Count; i++)
            {
                var tool = tools[i] as JsonObject ?? throw Invalid($"tools.{i}: must be an object.", "tools");
                if (StringOf(tool["type"]) is { } type && type != "custom")
                {
                    throw Invalid($"tools.{i}.type: the server tool '{type}' is not available through Warbler; only client tools (name, input_schema) are.", "tools");
                }

                var function = new JsonObject
                {
                    ["name"] = StringOf(tool["name"]) ?? throw Invalid($"tools.{i}.name: Field required.", "tools"),
                    ["parameters"] = tool["input_schema"]?.DeepClone() ?? throw Invalid($"tools.{i}.input_schema: Field required.", "tools"),
                };
                if (StringOf(tool["description"]) is { } description)
                {
                    function["description"] = description;
                }

                functions.Add(new JsonObject { ["type"] = "function", ["function"] = function });
            }

            chat["tools"] = functions;
        }
        else if (request["tools"] is { } notTools && notTools is not JsonArray && notTools.GetValueKind() != JsonValueKind.Null)
        {
            throw Invalid("tools: must be an array.", "tools");
        }

        if (request["tool_choice"] is not JsonObject choice)
        {
            return;
        }

        chat["tool_choice"] = StringOf(choice["type"]) switch
        {
            "auto" => "auto",
            "any" => "required",
            "none" => "none",
            "tool" when StringOf(choice["name"]) is { } name => new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = name } },
            _ => throw Invalid("tool_choice.type: must be auto, any, tool (with a name) or none.", "tool_choice"),
        };
        if (choice["disable_parallel_tool_use"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True && chat["tools"] is not null)
        {
            chat["parallel_tool_calls"] = false;
        }
    }

    private static OpenAIErrorException Invalid(string message, string? param = null) => new(OpenAIError.InvalidRequest(message, param));

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
