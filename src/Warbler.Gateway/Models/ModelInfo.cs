using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Warbler.Gateway.Models;

/// <summary>A model as <c>GET /v1/models</c> lists it.</summary>
/// <remarks>The API reference reads its description from the attribute: it takes XML comments only from public types.</remarks>
[Description("A model as `GET /v1/models` lists it.")]
internal sealed record ModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy)
{
    [JsonPropertyName("object")]
    public string Object => "model";

    /// <summary>
    /// Warbler's extension: the routes this model is served on (<c>chat</c>, <c>completions</c>,
    /// <c>embeddings</c>, <c>images</c>…), listed when its provider's settings say (<c>Capabilities</c>).
    /// </summary>
    [JsonPropertyName("capabilities")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Capabilities { get; init; }
}

internal sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data)
{
    [JsonPropertyName("object")]
    public string Object => "list";
}
