using System.Text.Json.Nodes;

namespace Warbler.Gateway.Responses;

/// <summary>
/// A parsed <c>/v1/responses</c> request, kept for what the answer echoes back (OpenAI's response
/// object repeats the request's settings) and for storing it.
/// </summary>
internal sealed class ResponsesRequest(JsonObject root)
{
    public JsonObject Root { get; } = root;

    public bool Stream => Root["stream"] is JsonValue value && value.TryGetValue<bool>(out var stream) && stream;

    public JsonNode? this[string name] => Root[name];
}
