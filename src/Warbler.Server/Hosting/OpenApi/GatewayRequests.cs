using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Warbler.Server.Hosting.OpenApi;

// The gateway relays request bodies without binding them to types (see DESIGN.md); these records
// only describe, for the document, the fields most clients send. Other OpenAI fields pass through.

[Description("An OpenAI chat completion request. Fields not listed here are passed to the provider unchanged.")]
public sealed record ChatCompletionRequest(
    [property: Description("The model, as listed by GET /v1/models.")] string Model,
    [property: Description("The conversation so far, oldest first.")] IReadOnlyList<ChatCompletionMessage> Messages,
    [property: Description("Stream the reply as server-sent events (text/event-stream), ending with `data: [DONE]`.")] bool? Stream = null,
    [property: JsonPropertyName("stream_options"), Description("With stream: `{\"include_usage\": true}` adds a last chunk with the usage.")] object? StreamOptions = null,
    [property: JsonPropertyName("max_tokens"), Description("The most tokens the reply may have; the key's limits may lower it.")] int? MaxTokens = null,
    double? Temperature = null,
    [property: JsonPropertyName("top_p")] double? TopP = null);

[Description("One message of a chat completion request.")]
public sealed record ChatCompletionMessage(
    [property: Description("system, user, assistant or tool.")] string Role,
    [property: Description("The text (or an array of content parts).")] string Content);

[Description("A legacy OpenAI completion request. Fields not listed here are passed to the provider unchanged.")]
public sealed record CompletionRequest(
    [property: Description("The model (in /v1/engines/{model}/completions, the path names it instead).")] string? Model,
    [property: Description("The text to continue.")] string Prompt,
    bool? Stream = null,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens = null,
    double? Temperature = null);
