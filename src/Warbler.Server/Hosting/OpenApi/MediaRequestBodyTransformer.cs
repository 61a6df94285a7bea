using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>
/// Gives the embeddings, images, audio and moderations routes their request bodies and answers in
/// the document, as <see cref="GatewayRequestBodyTransformer"/> does for completions (and for the
/// same reason not with <c>Accepts</c> metadata).
/// </summary>
internal sealed class MediaRequestBodyTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, (Type Type, string ContentType, string? Example, string[] Answers)> Routes = new()
    {
        ["v1/embeddings"] = (typeof(EmbeddingsRequest), "application/json", """{"model": "text-embedding-3-small", "input": ["The warbler sings.", "A small songbird."]}""", ["application/json"]),
        ["v1/images/generations"] = (typeof(ImageGenerationRequest), "application/json", """{"model": "gpt-image-1", "prompt": "A warbler on a branch", "n": 1}""", ["application/json"]),
        ["v1/images/edits"] = (typeof(ImageEditForm), "multipart/form-data", null, ["application/json"]),
        ["v1/audio/speech"] = (typeof(SpeechRequest), "application/json", """{"model": "gpt-4o-mini-tts", "input": "Hello from Warbler.", "voice": "alloy"}""", ["audio/mpeg", "audio/wav", "application/octet-stream"]),
        ["v1/audio/transcriptions"] = (typeof(TranscriptionForm), "multipart/form-data", null, ["application/json", "text/plain", "text/vtt"]),
        ["v1/audio/translations"] = (typeof(TranscriptionForm), "multipart/form-data", null, ["application/json", "text/plain", "text/vtt"]),
        ["v1/moderations"] = (typeof(ModerationRequest), "application/json", """{"input": "I want to hug a warbler."}""", ["application/json"]),
    };

    private static readonly (string Status, string Description)[] ErrorResponses =
    [
        ("400", "Malformed input, an invalid parameter (`param` names it), or a provider that does not offer this route."),
        ("401", "No key, or a key that is unknown, revoked or expired."),
        ("403", "The key may not use this model."),
        ("404", "No provider serves this model."),
        ("413", "The body is over the route's limit."),
        ("429", "A rate limit or budget of the key is reached, or the upstream's own 429 passed on."),
        ("502", "The upstreams failed; the message says which and how."),
    ];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath is not { } path || !Routes.TryGetValue(path, out var route))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(route.Type, cancellationToken: cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [route.ContentType] = new() { Schema = schema, Example = route.Example is null ? null : JsonNode.Parse(route.Example) },
            },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The provider's answer, relayed as it came.",
            Content = route.Answers.ToDictionary(type => type, _ => new OpenApiMediaType()),
        };
        foreach (var (status, description) in ErrorResponses)
        {
            operation.Responses[status] = new OpenApiResponse { Description = description };
        }
    }
}
