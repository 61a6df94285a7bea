using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Warbler.Gateway.Errors;
using static Warbler.Gateway.Requests.RequestValues;

namespace Warbler.Gateway.Requests;

/// <summary>
/// Reads a request body once with <see cref="Utf8JsonReader"/>: picks out the fields the gateway
/// needs and checks every parameter OpenAI checks, so bad input gets a 400 naming the parameter.
/// Values it does not know are skipped, never copied.
/// </summary>
internal static class RequestScanner
{
    private const int MaxDepth = 64;

    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    private static readonly byte[][] Utf8Roles = [.. Roles.Select(Encoding.UTF8.GetBytes)];

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
    internal static void RejectLoneSurrogates(ReadOnlySpan<byte> json)
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

        var fields = default(ScannedFields);

        // A repeated parameter is ambiguous (this scan and the upstream could each pick a different
        // 'model'), and System.Text.Json's JsonObject throws on it where a body is rewritten.
        var seen = default(PropertyNameSet);
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var parameter = ReadParameter(ref reader, ref seen);
                reader.Read();
                ScanParameter(ref reader, parameter, shape, ref fields);
            }
        }
        finally
        {
            seen.Dispose();
        }

        CheckRequired(shape, fields);
        return new RequestFields(fields.Model, fields.Stream, fields.IncludeUsage, fields.StreamOptionsPresent, fields.MaxTokens, fields.HasMessages, fields.HasPrompt);
    }

    private static RequestParameter ReadParameter(ref Utf8JsonReader reader, ref PropertyNameSet seen)
    {
        var name = seen.Add(ref reader, out var added);
        if (!added)
        {
            var text = Encoding.UTF8.GetString(name);
            throw Invalid(text, $"The parameter '{text}' appears more than once in the body.");
        }

        return RequestParameters.Identify(name);
    }

    /// <summary>The parameters whose values the gateway keeps; the others are only checked.</summary>
    private static void ScanParameter(ref Utf8JsonReader reader, RequestParameter parameter, RequestShape shape, ref ScannedFields fields)
    {
        switch (parameter)
        {
            case RequestParameter.Model:
                fields.Model = ExpectString(ref reader, "model");
                if (fields.Model is { Length: 0 })
                {
                    throw Invalid("model", "'model' must not be empty.");
                }

                break;
            case RequestParameter.Messages when shape is RequestShape.Chat or RequestShape.Engine:
                ScanMessages(ref reader);
                fields.HasMessages = true;
                break;
            case RequestParameter.Prompt when shape is RequestShape.Completion or RequestShape.Engine:
                ScanPrompt(ref reader);
                fields.HasPrompt = reader.TokenType != JsonTokenType.Null;
                break;
            case RequestParameter.Stream:
                fields.Stream = ExpectBool(ref reader, "stream") ?? false;
                break;
            case RequestParameter.StreamOptions:
                fields.StreamOptionsPresent = true;
                if (ExpectObjectOrNull(ref reader, "stream_options"))
                {
                    fields.HasStreamOptions = true;
                    fields.IncludeUsage = ScanStreamOptions(ref reader);
                }

                break;
            case RequestParameter.Input when shape == RequestShape.Responses:
                ScanInput(ref reader);
                break;
            case RequestParameter.MaxOutputTokens when shape == RequestShape.Responses:
                fields.MaxTokens = (int?)ExpectInteger(ref reader, "max_output_tokens", 1, int.MaxValue);
                break;
            case RequestParameter.MaxTokens or RequestParameter.MaxCompletionTokens when shape != RequestShape.Responses:
                fields.MaxTokens = (int?)ExpectInteger(ref reader, RequestParameters.NameOf(parameter), 1, int.MaxValue) ?? fields.MaxTokens;
                break;
            default:
                CheckParameter(ref reader, parameter, shape);
                break;
        }
    }

    /// <summary>Checks a parameter the upstream acts on, as OpenAI would; everything else is relayed untouched.</summary>
    private static void CheckParameter(ref Utf8JsonReader reader, RequestParameter parameter, RequestShape shape)
    {
        var name = RequestParameters.NameOf(parameter);
        switch (parameter)
        {
            case RequestParameter.Temperature:
                ExpectNumber(ref reader, name, 0, 2);
                break;
            case RequestParameter.TopP:
                ExpectNumber(ref reader, name, 0, 1);
                break;
            case RequestParameter.FrequencyPenalty or RequestParameter.PresencePenalty:
                ExpectNumber(ref reader, name, -2, 2);
                break;
            case RequestParameter.N:
                ExpectInteger(ref reader, name, 1, 128);
                break;
            case RequestParameter.BestOf:
                ExpectInteger(ref reader, name, 1, 20);
                break;
            case RequestParameter.Seed:
                ExpectInteger(ref reader, name, long.MinValue, long.MaxValue);
                break;
            case RequestParameter.TopLogprobs:
                ExpectInteger(ref reader, name, 0, 20);
                break;

            // On the engines URL a prompt request takes an integer, a messages request a boolean.
            case RequestParameter.Logprobs when shape == RequestShape.Completion || (shape == RequestShape.Engine && reader.TokenType == JsonTokenType.Number):
                ExpectInteger(ref reader, name, 0, 5);
                break;
            case RequestParameter.Logprobs or RequestParameter.Echo or RequestParameter.ParallelToolCalls or RequestParameter.Store:
                ExpectBool(ref reader, name);
                break;
            case RequestParameter.Stop:
                ScanStop(ref reader);
                break;
            case RequestParameter.User or RequestParameter.Suffix:
                ExpectStringOrNull(ref reader, name);
                break;
            case RequestParameter.LogitBias or RequestParameter.ResponseFormat or RequestParameter.Metadata:
                ExpectObjectOrNull(ref reader, name);
                reader.Skip();
                break;
            case RequestParameter.Tools or RequestParameter.Functions:
                ExpectArrayOrNull(ref reader, name);
                reader.Skip();
                break;
            case RequestParameter.ToolChoice or RequestParameter.FunctionCall:
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartObject or JsonTokenType.Null))
                {
                    throw WrongType(name, "a string or an object", reader.TokenType);
                }

                reader.Skip();
                break;
            default:
                // Unknown here, or 'messages'/'prompt' where the endpoint takes the other: the upstream's business.
                reader.Skip();
                break;
        }
    }

    private static void CheckRequired(RequestShape shape, in ScannedFields fields)
    {
        if (fields.HasStreamOptions && !fields.Stream)
        {
            throw Invalid("stream_options", "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }

        switch (shape)
        {
            case RequestShape.Chat when fields.Model is null:
            case RequestShape.Completion when fields.Model is null:
            case RequestShape.Responses when fields.Model is null:
                throw Missing("model", "you must provide a model parameter.");
            case RequestShape.Chat when !fields.HasMessages:
                throw Missing("messages", "'messages' is required.");
            case RequestShape.Completion when !fields.HasPrompt:
                throw Missing("prompt", "'prompt' is required.");
            case RequestShape.Engine when !fields.HasMessages && !fields.HasPrompt:
                throw Missing("prompt", "either 'prompt' or 'messages' is required.");
        }
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
            ScanMessage(ref reader, index);
            index++;
        }

        if (index == 0)
        {
            throw Invalid("messages", "'messages' must contain at least one message.", "empty_array");
        }
    }

    /// <summary>Checks <c>messages[index]</c>; its parameter name is made only for an error.</summary>
    private static void ScanMessage(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw WrongType(MessageParam(index), "an object", reader.TokenType);
        }

        var hasRole = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRole = reader.ValueTextEquals("role"u8);
            var isContent = !isRole && reader.ValueTextEquals("content"u8);
            var isName = !isRole && !isContent && reader.ValueTextEquals("name"u8);
            reader.Read();
            if (isRole)
            {
                CheckRole(ref reader, index);
                hasRole = true;
            }
            else if (isContent && reader.TokenType is not (JsonTokenType.String or JsonTokenType.StartArray or JsonTokenType.Null))
            {
                throw WrongType($"{MessageParam(index)}.content", "a string or an array of content parts", reader.TokenType);
            }
            else if (isName && reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            {
                throw WrongType($"{MessageParam(index)}.name", "a string", reader.TokenType);
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasRole)
        {
            var param = MessageParam(index);
            throw Missing($"{param}.role", $"'{param}.role' is required.");
        }
    }

    private static void CheckRole(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var role in Utf8Roles)
            {
                if (reader.ValueTextEquals(role))
                {
                    return;
                }
            }
        }

        var param = $"{MessageParam(index)}.role";
        var value = ExpectString(ref reader, param);
        throw Invalid(param, $"Invalid value for '{param}': '{value}'. Supported values are: {string.Join(", ", Roles.Select(r => $"'{r}'"))}.");
    }

    private static string MessageParam(int index) => $"messages[{index}]";

    /// <summary>A Responses <c>input</c>: a string, or an array of items (objects); their shapes are checked where they are used.</summary>
    private static void ScanInput(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.Null:
                return;
            case JsonTokenType.StartArray:
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw WrongType($"input[{index}]", "an object", reader.TokenType);
                    }

                    reader.Skip();
                    index++;
                }

                return;
            default:
                throw WrongType("input", "a string or an array of input items", reader.TokenType);
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

    /// <summary>The reader's message without its internal path notation.</summary>
    internal static string Describe(JsonException exception) =>
        exception.Message.Split(" Path:", 2)[0].TrimEnd('.') + (exception.BytePositionInLine is { } position ? $" (line {exception.LineNumber + 1}, byte {position})." : ".");

    /// <summary>What the scan keeps of the body, filled in as its parameters are read.</summary>
    private struct ScannedFields
    {
        public string? Model;
        public bool Stream;
        public bool IncludeUsage;
        public bool HasStreamOptions;
        public bool StreamOptionsPresent;
        public bool HasMessages;
        public bool HasPrompt;
        public int? MaxTokens;
    }
}
