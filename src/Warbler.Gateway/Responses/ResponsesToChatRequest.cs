using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Rewrites a Responses request as a chat request, for upstreams that serve only
/// <c>/chat/completions</c>: <c>instructions</c> and <c>input</c> become messages, function tools
/// take chat's nested shape, <c>text.format</c> becomes <c>response_format</c>. What chat cannot
/// honour (built-in tools, background mode, item references...) is refused by name.
/// </summary>
internal static class ResponsesToChatRequest
{
    /// <summary>Parameters chat takes under the same name and meaning.</summary>
    private static readonly string[] SameParameters = ["temperature", "top_p", "user", "parallel_tool_calls", "service_tier", "safety_identifier", "prompt_cache_key"];

    /// <summary>Parameters handled here, kept only in the echoed response, or without effect on a chat answer.</summary>
    private static readonly HashSet<string> Known =
    [
        "model", "input", "instructions", "stream", "stream_options", "tools", "tool_choice", "text", "max_output_tokens",
        "reasoning", "metadata", "store", "include", "truncation", "previous_response_id", "background",
        .. SameParameters,
    ];

    /// <summary>Responses parameters that need what chat completions lack, refused by name.</summary>
    private static readonly Dictionary<string, string> Unhonoured = new()
    {
        ["conversation"] = "conversations",
        ["prompt"] = "prompt templates",
        ["max_tool_calls"] = "a limit on built-in tool calls",
        ["top_logprobs"] = "log probabilities",
    };

    private static readonly HashSet<string> Roles = ["user", "system", "developer", "assistant"];

    public static byte[] Translate(ResponsesRequest request, string model)
    {
        var source = request.Root;
        foreach (var name in source.Select(property => property.Key))
        {
            if (Unhonoured.TryGetValue(name, out var what) && source[name] is { } value && value.GetValueKind() != JsonValueKind.Null)
            {
                throw Unsupported(name, model, what);
            }

            if (!Known.Contains(name) && !Unhonoured.ContainsKey(name))
            {
                throw Refused(name, $"Unknown parameter: '{name}'.", "unknown_parameter");
            }
        }

        RefuseUnsupported(source, model);
        var messages = new JsonArray();
        if (source["instructions"] is JsonValue instructions && instructions.GetValueKind() == JsonValueKind.String)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = instructions.GetValue<string>() });
        }

        AddInput(source["input"], messages);
        if (messages.Count == 0)
        {
            throw Refused("input", "'input' is required: a string, or an array of input items.", "missing_required_parameter");
        }

        var chat = new JsonObject { ["model"] = model, ["messages"] = messages };
        foreach (var name in SameParameters)
        {
            if (source[name] is { } value && value.GetValueKind() != JsonValueKind.Null)
            {
                chat[name] = value.DeepClone();
            }
        }

        if (source["max_output_tokens"] is { } max && max.GetValueKind() == JsonValueKind.Number)
        {
            chat["max_tokens"] = max.DeepClone();
        }

        if (source["reasoning"] is JsonObject reasoning && reasoning["effort"] is JsonValue effort && effort.GetValueKind() == JsonValueKind.String)
        {
            chat["reasoning_effort"] = effort.DeepClone();
        }

        if (source["tools"] is JsonArray tools && tools.Count > 0)
        {
            chat["tools"] = Tools(tools);
        }

        if (source["tool_choice"] is { } choice && choice.GetValueKind() != JsonValueKind.Null)
        {
            chat["tool_choice"] = ToolChoice(choice);
        }

        if (source["text"] is JsonObject text)
        {
            if (ResponseFormat(text["format"]) is { } format)
            {
                chat["response_format"] = format;
            }

            if (text["verbosity"] is JsonValue verbosity && verbosity.GetValueKind() == JsonValueKind.String)
            {
                chat["verbosity"] = verbosity.DeepClone();
            }
        }

        if (request.Stream)
        {
            chat["stream"] = true;

            // Warbler's own accounting reads the usage chunk; the client sees it in response.completed.
            chat["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return JsonSerializer.SerializeToUtf8Bytes(chat, GatewayJson.SerializerOptions);
    }

    private static void RefuseUnsupported(JsonObject source, string model)
    {
        if (source["background"] is { } background && background.GetValueKind() == JsonValueKind.True)
        {
            throw Unsupported("background", model, "background mode");
        }

        if (source["truncation"] is JsonValue truncation && truncation.GetValueKind() == JsonValueKind.String && truncation.GetValue<string>() != "disabled")
        {
            throw Unsupported("truncation", model, $"truncation '{truncation.GetValue<string>()}'");
        }

        if (source["reasoning"] is JsonObject reasoning && reasoning["generate_summary"] is { } summary && summary.GetValueKind() != JsonValueKind.Null)
        {
            throw Unsupported("reasoning.generate_summary", model, "reasoning summaries");
        }
    }

    private static void AddInput(JsonNode? input, JsonArray messages)
    {
        switch (input)
        {
            case null:
                return;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                messages.Add(new JsonObject { ["role"] = "user", ["content"] = value.GetValue<string>() });
                return;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    AddItem(items[i], $"input[{i}]", messages);
                }

                return;
            default:
                throw Refused("input", "'input' must be a string or an array of input items.", "invalid_type");
        }
    }

    private static void AddItem(JsonNode? node, string param, JsonArray messages)
    {
        if (node is not JsonObject item)
        {
            throw Refused(param, $"'{param}' must be an object.", "invalid_type");
        }

        var type = StringOf(item["type"]) ?? (item["role"] is not null ? "message" : null);
        switch (type)
        {
            case "message":
                messages.Add(Message(item, param));
                break;
            case "function_call":
                AddFunctionCall(item, param, messages);
                break;
            case "function_call_output":
                messages.Add(new JsonObject
                {
                    ["role"] = "tool",
                    ["tool_call_id"] = Required(item, "call_id", param),
                    ["content"] = item["output"] is JsonArray parts ? JoinText(parts) : StringOf(item["output"]) ?? "",
                });
                break;
            case "reasoning":
                // A reasoning model's earlier thoughts, sent back by clients as they were given; chat takes none.
                break;
            case "item_reference":
                throw Refused($"{param}.type", "Item references are not resolved for this model: send the item itself, or continue a stored conversation with 'previous_response_id'.", "unsupported_value");
            default:
                throw Refused($"{param}.type", $"Input items of type '{type}' are not supported: this model is served through chat completions, which take messages, function calls and their outputs.", "unsupported_value");
        }
    }

    private static JsonObject Message(JsonObject item, string param)
    {
        var role = StringOf(item["role"]);
        if (role is null || !Roles.Contains(role))
        {
            throw Refused($"{param}.role", $"Invalid value for '{param}.role': '{role}'. Supported values are: 'user', 'system', 'developer', 'assistant'.", "invalid_value");
        }

        // 'developer' is OpenAI's newer name for 'system', which every chat server knows.
        var chatRole = role == "developer" ? "system" : role;
        var content = item["content"];
        if (content is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            return new JsonObject { ["role"] = chatRole, ["content"] = text.GetValue<string>() };
        }

        if (content is not JsonArray parts)
        {
            throw Refused($"{param}.content", $"'{param}.content' must be a string or an array of content parts.", "invalid_type");
        }

        if (role != "user")
        {
            // Chat servers take assistant and system content as text.
            return new JsonObject { ["role"] = chatRole, ["content"] = JoinText(parts) };
        }

        var chatParts = new JsonArray();
        for (var i = 0; i < parts.Count; i++)
        {
            chatParts.Add(ContentPart(parts[i], $"{param}.content[{i}]"));
        }

        return new JsonObject { ["role"] = chatRole, ["content"] = chatParts };
    }

    private static JsonObject ContentPart(JsonNode? node, string param)
    {
        var part = node as JsonObject ?? throw Refused(param, $"'{param}' must be an object.", "invalid_type");
        switch (StringOf(part["type"]))
        {
            case "input_text" or "output_text" or "text":
                return new JsonObject { ["type"] = "text", ["text"] = StringOf(part["text"]) ?? "" };
            case "input_image" when StringOf(part["image_url"]) is { } url:
                var image = new JsonObject { ["url"] = url };
                if (StringOf(part["detail"]) is { } detail)
                {
                    image["detail"] = detail;
                }

                return new JsonObject { ["type"] = "image_url", ["image_url"] = image };
            case "input_image":
                throw Refused($"{param}.file_id", "Images by file id are not supported: send 'image_url' (a URL or a data: URL).", "unsupported_value");
            case var other:
                throw Refused($"{param}.type", $"Content parts of type '{other}' are not supported for a model served through chat completions.", "unsupported_value");
        }
    }

    /// <summary>A function call the model made earlier: a tool call on the assistant message before it, or a new one.</summary>
    private static void AddFunctionCall(JsonObject item, string param, JsonArray messages)
    {
        var call = new JsonObject
        {
            ["id"] = Required(item, "call_id", param),
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = Required(item, "name", param), ["arguments"] = StringOf(item["arguments"]) ?? "{}" },
        };
        if (messages.Count > 0 && messages[^1] is JsonObject last && StringOf(last["role"]) == "assistant")
        {
            if (last["tool_calls"] is not JsonArray calls)
            {
                last["tool_calls"] = calls = [];
            }

            calls.Add(call);
            return;
        }

        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(call) });
    }

    private static JsonArray Tools(JsonArray tools)
    {
        var chatTools = new JsonArray();
        for (var i = 0; i < tools.Count; i++)
        {
            var param = $"tools[{i}]";
            var tool = tools[i] as JsonObject ?? throw Refused(param, $"'{param}' must be an object.", "invalid_type");
            var type = StringOf(tool["type"]);
            if (type != "function")
            {
                throw Refused($"{param}.type", $"The built-in tool '{type}' is not supported: Warbler serves this model through chat completions, which run only function tools.", "unsupported_value");
            }

            var function = new JsonObject { ["name"] = Required(tool, "name", param) };
            foreach (var name in (string[])["description", "parameters", "strict"])
            {
                if (tool[name] is { } value && value.GetValueKind() != JsonValueKind.Null)
                {
                    function[name] = value.DeepClone();
                }
            }

            chatTools.Add(new JsonObject { ["type"] = "function", ["function"] = function });
        }

        return chatTools;
    }

    private static JsonNode ToolChoice(JsonNode choice)
    {
        if (choice is JsonValue value && StringOf(value) is "auto" or "none" or "required")
        {
            return value.DeepClone();
        }

        if (choice is JsonObject named && StringOf(named["type"]) == "function" && StringOf(named["name"]) is { } name)
        {
            return new JsonObject { ["type"] = "function", ["function"] = new JsonObject { ["name"] = name } };
        }

        throw Refused("tool_choice", "'tool_choice' must be 'auto', 'none', 'required' or a function ({\"type\": \"function\", \"name\": ...}) for a model served through chat completions.", "unsupported_value");
    }

    private static JsonObject? ResponseFormat(JsonNode? format)
    {
        if (format is not JsonObject fields)
        {
            return null;
        }

        switch (StringOf(fields["type"]))
        {
            case "text" or null:
                return null;
            case "json_object":
                return new JsonObject { ["type"] = "json_object" };
            case "json_schema":
                var schema = new JsonObject();
                foreach (var name in (string[])["name", "description", "schema", "strict"])
                {
                    if (fields[name] is { } value)
                    {
                        schema[name] = value.DeepClone();
                    }
                }

                return new JsonObject { ["type"] = "json_schema", ["json_schema"] = schema };
            case var other:
                throw Refused("text.format.type", $"Invalid value for 'text.format.type': '{other}'. Supported values are: 'text', 'json_object', 'json_schema'.", "invalid_value");
        }
    }

    private static string JoinText(JsonArray parts) =>
        string.Concat(parts.OfType<JsonObject>().Select(p => StringOf(p["text"]) ?? StringOf(p["refusal"]) ?? ""));

    private static string Required(JsonObject item, string name, string param) =>
        StringOf(item[name]) ?? throw Refused($"{param}.{name}", $"'{param}.{name}' is required.", "missing_required_parameter");

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static OpenAIErrorException Unsupported(string parameter, string model, string what) =>
        Refused(parameter, $"'{parameter}': {what} is not supported for '{model}', which is served through chat completions.", "unsupported_parameter");

    private static OpenAIErrorException Refused(string param, string message, string code) =>
        new(OpenAIError.InvalidRequest(message, param, code));
}
