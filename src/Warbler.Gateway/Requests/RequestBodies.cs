using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Requests;

/// <summary>The few rewrites a checked request body may need before it goes upstream.</summary>
internal static class RequestBodies
{
    /// <summary>The body with its <c>model</c> set to <paramref name="model"/>; the rest is kept.</summary>
    public static byte[] WithModel(ReadOnlySpan<byte> body, string model)
    {
        var root = (JsonObject)JsonNode.Parse(body)!;
        root["model"] = model;
        return JsonSerializer.SerializeToUtf8Bytes(root, GatewayJson.SerializerOptions);
    }
}
