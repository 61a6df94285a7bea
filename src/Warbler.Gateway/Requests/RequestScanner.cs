using System.Text.Json;
using System.Text.Unicode;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Requests;

/// <summary>
/// Reads a request body once with <see cref="Utf8JsonReader"/>: picks out the fields the gateway
/// needs and checks every parameter OpenAI checks, so bad input gets a 400 naming the parameter.
/// Values it does not know are skipped, never copied.
/// </summary>
public static class RequestScanner
{
    private const int MaxDepth = 64;

    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    public static RequestFields Scan(ReadOnlySpan<byte> json, RequestShape shape)
    {
        if (json.IsEmpty)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson("the body is empty. Send a JSON object."));
        }

        if (!Utf8.IsValid(json))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson("the body is not valid UTF-8."));
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            // First: the scan reads strings such as 'model', which a lone surrogate cannot be read as.
            RejectLoneSurrogates(json);
            var fields = ScanObject(ref reader, shape);
            if (reader.Read())
            {
                throw new OpenAIErrorException(OpenAIError.InvalidJson("there is more after the JSON object."));
            }

            return fields;
        }
        catch (JsonException exception)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson(Describe(exception)));
        }
    }

    /// <summary>
    /// An escaped lone surrogate (<c>"\ud800"</c>) is valid JSON syntax but no Unicode text, and
    /// rewriting a body that holds one fails; refuse it here as the client's error.
    /// </summary>
    private static void RejectLoneSurrogates(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped && !IsUnicode(ref reader))
            {
                throw new OpenAIErrorException(OpenAIError.InvalidJson("a string in the body is not valid Unicode (it holds a lone surrogate such as \\ud800)."));
            }
        }
    }

    private static bool IsUnicode(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static RequestFields ScanObject(ref Utf8JsonReader reader, RequestShape shape)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidRequest("The request body must be a JSON object."));
        }

        string? model = null;
        bool stream = false, includeUsage = false, hasStreamOptions = false, streamOptionsPresent = false, hasMessages = false, hasPrompt = false;
        int? maxTokens = null;

        // A repeated parameter is ambiguous (this scan and the upstream could each pick a different
        // 'model'), and System.Text.Json's JsonObject throws on it where a body is rewritten.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                throw Invalid(name, $"The parameter '{name}' appears more than once in the body.");
            }

            reader.Read();
            switch (name)
            {
                case "model":
                    model = ExpectString(ref reader, name);
                    if (model is { Length: 0 })
                    {
                        throw Invalid(name, "'model' must not be empty.");
                    }

                    break;
                case "messages" when shape != RequestShape.Completion:
                    ScanMessages(ref reader);
                    hasMessages = true;
                    break;
                case "prompt" when shape != RequestShape.Chat:
                    ScanPrompt(ref reader);
                    hasPrompt = reader.TokenType != JsonTokenType.Null;
                    break;
                case "stream":
                    stream = ExpectBool(ref reader, name) ?? false;
                    break;
                case "stream_options":
                    streamOptionsPresent = true;
                    if (ExpectObjectOrNull(ref reader, name))
                    {
                        hasStreamOptions = true;
                        includeUsage = ScanStreamOptions(ref reader);
                    }

                    break;
                case "temperature":
                    ExpectNumber(ref reader, name, 0, 2);
                    break;
                case "top_p":
                    ExpectNumber(ref reader, name, 0, 1);
                    break;
                case "frequency_penalty" or "presence_penalty":
                    ExpectNumber(ref reader, name, -2, 2);
                    break;
                case "max_tokens" or "max_completion_tokens":
                    maxTokens = (int?)ExpectInteger(ref reader, name, 1, int.MaxValue) ?? maxTokens;
                    break;
                case "n":
                    ExpectInteger(ref reader, name, 1, 128);
                    break;
                case "best_of":
                    ExpectInteger(ref reader, name, 1, 20);
                    break;
                case "seed":
                    ExpectInteger(ref reader, name, long.MinValue, long.MaxValue);
                    break;
                case "top_logprobs":
                    ExpectInteger(ref reader, name, 0, 20);
                    break;
                // On the engines URL a prompt request takes an integer, a messages request a boolean.
                case "logprobs" when shape == RequestShape.Completion || (shape == RequestShape.Engine && reader.TokenType == JsonTokenType.Number):
                    ExpectInteger(ref reader, name, 0, 5);
                    break;
                case "logprobs" or "echo" or "parallel_tool_calls" or "store":
                    ExpectBool(ref reader, name);
                    break;
                case "stop":
                    ScanStop(ref reader);
                    break;
                case "user" or "suffix":
                    ExpectString(ref reader, name);
                    break;
                case "logit_bias" or "response_format" or "metadata":
                    ExpectObjectOrNull(ref reader, name);
                    reader.Skip();
                    break;
                case "tools" or "functions":
                    ExpectArrayOrNull(ref reader, name);
                    reader.Skip();
                    break;
                case "tool_choice" or "function_call":
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartObject or JsonTokenType.Null))
                    {
                        throw WrongType(name, "a string or an object", reader.TokenType);
                    }

                    reader.Skip();
                    break;
                default:
                    // Everything else is the upstream's business: relayed untouched.
                    reader.Skip();
                    break;
            }
        }

        if (hasStreamOptions && !stream)
        {
            throw Invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }

        switch (shape)
        {
            case RequestShape.Chat when model is null:
            case RequestShape.Completion when model is null:
                throw Missing("model", "you must provide a model parameter.");
            case RequestShape.Chat when !hasMessages:
                throw Missing("messages", "'messages' is required.");
            case RequestShape.Completion when !hasPrompt:
                throw Missing("prompt", "'prompt' is required.");
            case RequestShape.Engine when !hasMessages && !hasPrompt:
                throw Missing("prompt", "either 'prompt' or 'messages' is required.");
        }

        return new RequestFields(model, stream, includeUsage, streamOptionsPresent, maxTokens, hasMessages, hasPrompt);
    }

    private static void ScanMessages(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType("messages", "an array", reader.TokenType);
        }

        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var param = $"messages[{index}]";
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw WrongType(param, "an object", reader.TokenType);
            }

            var hasRole = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "role":
                        var role = ExpectString(ref reader, $"{param}.role");
                        if (role is null || Array.IndexOf(Roles, role) < 0)
                        {
                            throw Invalid($"{param}.role", $"Invalid value for '{param}.role': '{role}'. Supported values are: {string.Join(", ", Roles.Select(r => $"'{r}'"))}.");
                        }

                        hasRole = true;
                        break;
                    case "content":
                        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartArray or JsonTokenType.Null))
                        {
                            throw WrongType($"{param}.content", "a string or an array of content parts", reader.TokenType);
                        }

                        reader.Skip();
                        break;
                    case "name":
                        ExpectString(ref reader, $"{param}.name");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (!hasRole)
            {
                throw Missing($"{param}.role", $"'{param}.role' is required.");
            }

            index++;
        }

        if (index == 0)
        {
            throw Invalid("messages", "'messages' must contain at least one message.", "empty_array");
        }
    }

    private static void ScanPrompt(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.Null:
                return;
            case JsonTokenType.StartArray:
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number or JsonTokenType.StartArray))
                    {
                        throw WrongType("prompt", "a string, an array of strings, or token arrays", reader.TokenType);
                    }

                    reader.Skip();
                    count++;
                }

                if (count == 0)
                {
                    throw Invalid("prompt", "'prompt' must not be an empty array.", "empty_array");
                }

                return;
            default:
                throw WrongType("prompt", "a string or an array", reader.TokenType);
        }
    }

    private static bool ScanStreamOptions(ref Utf8JsonReader reader)
    {
        var includeUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                includeUsage = ExpectBool(ref reader, "stream_options.include_usage") ?? false;
            }
            else
            {
                reader.Skip();
            }
        }

        return includeUsage;
    }

    private static void ScanStop(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.Null:
                return;
            case JsonTokenType.StartArray:
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw WrongType("stop", "a string or an array of strings", reader.TokenType);
                    }

                    count++;
                }

                if (count > 4)
                {
                    throw Invalid("stop", $"'stop' takes at most 4 sequences, but got {count}.");
                }

                return;
            default:
                throw WrongType("stop", "a string or an array of strings", reader.TokenType);
        }
    }

    private static string? ExpectString(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(param, "a string", reader.TokenType),
    };

    private static bool? ExpectBool(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw WrongType(param, "a boolean", reader.TokenType),
    };

    private static bool ExpectObjectOrNull(ref Utf8JsonReader reader, string param) => reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw WrongType(param, "an object", reader.TokenType),
    };

    private static void ExpectArrayOrNull(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null))
        {
            throw WrongType(param, "an array", reader.TokenType);
        }
    }

    private static void ExpectNumber(ref Utf8JsonReader reader, string param, double min, double max)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(param, "a number", reader.TokenType);
        }

        if (!reader.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Invalid(param, $"Invalid '{param}': the number is too large. Expected a value between {min} and {max}.");
        }

        if (value < min)
        {
            throw Invalid(param, $"Invalid '{param}': decimal below minimum value. Expected a value >= {min}, but got {value} instead.", "decimal_below_min_value");
        }

        if (value > max)
        {
            throw Invalid(param, $"Invalid '{param}': decimal above maximum value. Expected a value <= {max}, but got {value} instead.", "decimal_above_max_value");
        }
    }

    private static long? ExpectInteger(ref Utf8JsonReader reader, string param, long min, long max)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(param, "an integer", reader.TokenType);
        }

        if (!reader.TryGetInt64(out var value))
        {
            throw Invalid(param, $"Invalid '{param}': expected an integer between {min} and {max}.", "invalid_type");
        }

        if (value < min)
        {
            throw Invalid(param, $"Invalid '{param}': integer below minimum value. Expected a value >= {min}, but got {value} instead.", "integer_below_min_value");
        }

        if (value > max)
        {
            throw Invalid(param, $"Invalid '{param}': integer above maximum value. Expected a value <= {max}, but got {value} instead.", "integer_above_max_value");
        }

        return value;
    }

    private static OpenAIErrorException Invalid(string param, string message, string code = "invalid_value") =>
        new(OpenAIError.InvalidRequest(message, param, code));

    private static OpenAIErrorException Missing(string param, string message) =>
        new(OpenAIError.InvalidRequest($"Missing required parameter: '{param}': {message}", param, "missing_required_parameter"));

    private static OpenAIErrorException WrongType(string param, string expected, JsonTokenType actual) =>
        new(OpenAIError.InvalidRequest($"Invalid type for '{param}': expected {expected}, but got {Describe(actual)} instead.", param, "invalid_type"));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>The reader's message without its internal path notation.</summary>
    private static string Describe(JsonException exception) =>
        exception.Message.Split(" Path:", 2)[0].TrimEnd('.') + (exception.BytePositionInLine is { } position ? $" (line {exception.LineNumber + 1}, byte {position})." : ".");
}
