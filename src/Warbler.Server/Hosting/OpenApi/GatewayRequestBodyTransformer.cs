using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>
/// Gives the gateway's completion endpoints their request body and responses in the document.
/// Done here rather than with <c>Accepts</c> metadata on the endpoints, which would make routing
/// refuse requests without a JSON content type that the gateway accepts today.
/// </summary>
internal sealed class GatewayRequestBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = context.Description.RelativePath;
        var (type, example) = path switch
        {
            "v1/chat/completions" => (typeof(ChatCompletionRequest), ChatExample),
            "v1/completions" => (typeof(CompletionRequest), CompletionExample),
            "v1/engines/{model}/completions" => (typeof(CompletionRequest), EnginesExample),
            _ => (null, null),
        };
        if (type is null)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema, Example = JsonNode.Parse(example!) } },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The provider's answer, relayed as it came: a JSON completion, or with `stream: true` server-sent events.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new(),
                ["text/event-stream"] = new(),
            },
        };
        foreach (var (status, description) in ErrorResponses)
        {
            operation.Responses[status] = new OpenApiResponse { Description = description };
        }
    }

    private const string ChatExample = """
        {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "What is a warbler?"}], "stream": true, "stream_options": {"include_usage": true}}
        """;

    private const string CompletionExample = """
        {"model": "gpt-3.5-turbo-instruct", "prompt": "Once upon a time", "max_tokens": 50}
        """;

    private const string EnginesExample = """
        {"prompt": "Once upon a time", "max_tokens": 50}
        """;

    private static readonly (string Status, string Description)[] ErrorResponses =
    [
        ("400", "Malformed JSON or an invalid parameter (an OpenAI error object; `param` names it)."),
        ("401", "No key, or a key that is unknown, revoked or expired."),
        ("403", "The key may not use this model."),
        ("404", "No provider serves this model."),
        ("413", "The body is over the limit."),
        ("429", "A rate limit or budget of the key is reached, or the upstream's own 429 passed on; Retry-After says when to try again."),
        ("502", "The upstreams failed; the message says which and how."),
        ("503", "No upstream is available."),
        ("504", "The upstreams did not answer in time."),
    ];
}
