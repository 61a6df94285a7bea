using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warbler.Gateway.Errors;

/// <summary>JSON settings for what the gateway writes itself: readable text, as OpenAI writes it.</summary>
internal static class GatewayJson
{
    /// <summary>Escapes only what JSON requires; these answers are never embedded in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>For objects Warbler adds to the <c>/v1</c> API: snake_case, as OpenAI's own are.</summary>
    public static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The JSON object in <paramref name="json"/>; null when it is not a well-formed object (or repeats a property name).</summary>
    public static JsonObject? TryParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject;
            _ = root?.Count; // JsonObject reads its properties lazily; duplicate names throw here.
            return root;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return null;
        }
    }
}
