using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Rewrites a legacy <c>prompt</c> request as a chat request, for upstreams that serve only
/// <c>/chat/completions</c>. The prompt becomes one user message; parameters that chat shares
/// are kept, and those it cannot honour are refused by name rather than silently dropped.
/// </summary>
internal static class CompletionToChatRequest
{
    private static readonly string[] SharedParameters =
    [
        "max_tokens", "temperature", "top_p", "n", "stop", "presence_penalty", "frequency_penalty",
        "logit_bias", "user", "seed", "stream", "stream_options",
    ];

    /// <returns>The chat body, and the prompt when <c>echo</c> asked for it to lead the answer.</returns>
    public static (byte[] Body, string? EchoPrefix) Translate(ReadOnlySpan<byte> completionBody, string model)
    {
        var source = (JsonObject)JsonNode.Parse(completionBody)!;
        var prompt = SinglePrompt(source["prompt"]);
        foreach (var unsupported in (string[])["suffix", "logprobs"])
        {
            if (source[unsupported] is { } value && value.GetValueKind() != JsonValueKind.Null)
            {
                throw Unsupported(unsupported, model);
            }
        }

        if (source["best_of"] is { } bestOf && bestOf.GetValueKind() == JsonValueKind.Number && bestOf.GetValue<long>() > 1)
        {
            throw Unsupported("best_of", model);
        }

        var chat = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        };
        foreach (var name in SharedParameters)
        {
            if (source[name] is { } value)
            {
                chat[name] = value.DeepClone();
            }
        }

        var echo = source["echo"] is { } echoValue && echoValue.GetValueKind() == JsonValueKind.True;
        return (JsonSerializer.SerializeToUtf8Bytes(chat, GatewayJson.SerializerOptions), echo ? prompt : null);
    }

    private static string SinglePrompt(JsonNode? prompt) => prompt switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonArray and [JsonValue only] when only.GetValueKind() == JsonValueKind.String => only.GetValue<string>(),
        _ => throw new OpenAIErrorException(OpenAIError.InvalidRequest(
            "This model is served through chat completions, which take one text prompt: send 'prompt' as a string (not token ids or several prompts).",
            "prompt")),
    };

    private static OpenAIErrorException Unsupported(string parameter, string model) =>
        new(OpenAIError.InvalidRequest(
            $"'{parameter}' is not supported for '{model}', which is served through chat completions.", parameter, "unsupported_parameter"));
}
