using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Requests;

namespace Warbler.Gateway.Messages;

/// <summary>
/// What the gateway needs of a Messages request relayed as it is (<c>model</c>, <c>stream</c>,
/// <c>max_tokens</c>), read in one pass over its top level; the rest is Anthropic's to judge.
/// </summary>
internal static class MessagesRequestFields
{
    /// <summary>The <c>model</c> named at the top level, or null when there is none or the body is not a JSON object.</summary>
    public static string? PeekModel(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals("model"u8);
                reader.Read();
                if (isModel)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Left to the full check.
        }

        return null;
    }

    /// <summary>Checks the fields the gateway acts on, with a 400 in Anthropic's words, and notes the call under its model.</summary>
    public static RequestFields Scan(HttpContext context, ReadOnlySpan<byte> json)
    {
        string? model = null;
        var stream = false;
        int? maxTokens = null;
        JsonFieldScan.Scan(json, (ref Utf8JsonReader reader, string name) =>
        {
            switch (name)
            {
                case "model":
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Invalid("model: must be a string.", "model");
                    break;
                case "stream":
                    stream = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False or JsonTokenType.Null => false,
                        _ => throw Invalid("stream: must be true or false.", "stream"),
                    };
                    break;
                case "max_tokens":
                    maxTokens = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value >= 1
                        ? value
                        : throw Invalid("max_tokens: must be a whole number of at least 1.", "max_tokens");
                    break;
            }
        });

        if (string.IsNullOrEmpty(model))
        {
            throw Invalid("model: Field required (a model name).", "model");
        }

        if (maxTokens is null)
        {
            throw Invalid("max_tokens: Field required (a whole number of at least 1).", "max_tokens");
        }

        context.Features.Set(new GatewayCall { Model = model, Stream = stream });
        return new RequestFields(model, stream, IncludeUsage: false, HasStreamOptions: false, maxTokens, HasMessages: true, HasPrompt: false);
    }

    private static OpenAIErrorException Invalid(string message, string? param = null) => new(OpenAIError.InvalidRequest(message, param));
}
