using System.Text;
using System.Text.Json;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Counts tokens with <see cref="TokenCounter"/> when the upstream reports none (it sent no usage,
/// the stream broke, or the client went away): the prompt from the request, the completion from
/// the text the client actually received. The one place Warbler estimates, for <c>/v1</c> and
/// in-process calls alike, and for the chat service's own view of a stopped reply.
/// </summary>
public sealed class UsageEstimator(TokenCounter counter)
{
    /// <summary>OpenAI's framing cost: a few tokens per message and for the reply's priming.</summary>
    public const int TokensPerMessage = 3;
    private const int ReplyPriming = 3;

    /// <summary>Counts a streamed call the upstream reported no usage for: the prompt sent and the chunks delivered (one JSON payload per line).</summary>
    internal void EstimateStreamed(GatewayCall call, ReadOnlySpan<byte> requestJson, ReadOnlySpan<byte> deliveredPayloads) =>
        Set(call, PromptTokens(ModelOf(call), requestJson), StreamedCompletionTokens(ModelOf(call), deliveredPayloads));

    /// <summary>Counts a whole answer the upstream reported no usage for.</summary>
    internal void EstimateWhole(GatewayCall call, ReadOnlySpan<byte> requestJson, ReadOnlySpan<byte> answerJson) =>
        Set(call, PromptTokens(ModelOf(call), requestJson), CompletionTokens(ModelOf(call), answerJson));

    /// <summary>Counts a call whose delivered answer is plain text (an in-process caller's).</summary>
    internal void EstimateText(GatewayCall call, ReadOnlySpan<byte> requestJson, string delivered) =>
        Set(call, PromptTokens(ModelOf(call), requestJson), TextTokens(ModelOf(call), delivered));

    /// <summary>Tokens of a prompt given as its messages' texts, framed as OpenAI frames them.</summary>
    public int PromptTokens(string model, IEnumerable<string> messageTexts) =>
        messageTexts.Sum(text => TokensPerMessage + counter.Count(model, text)) + ReplyPriming;

    public int PromptTokens(string model, ReadOnlySpan<byte> requestJson)
    {
        using var document = Parse(requestJson);
        if (document is null)
        {
            return 0;
        }

        var root = document.RootElement;
        var tokens = 0;
        if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            // An Anthropic Messages request gives its system prompt apart, as a string or text blocks.
            if (root.TryGetProperty("system", out _))
            {
                tokens += TokensPerMessage + counter.Count(model, TextOf(root, "system"));
            }

            foreach (var message in messages.EnumerateArray())
            {
                tokens += TokensPerMessage + counter.Count(model, TextOf(message, "content"));
            }

            return tokens + ReplyPriming;
        }

        if (root.TryGetProperty("input", out var input))
        {
            // A Responses request: its instructions, and its input as text or as items.
            tokens = counter.Count(model, TextOf(root, "instructions"));
            if (input.ValueKind == JsonValueKind.String)
            {
                return tokens + TokensPerMessage + counter.Count(model, input.GetString()!) + ReplyPriming;
            }

            if (input.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in input.EnumerateArray())
                {
                    tokens += TokensPerMessage + counter.Count(model, TextOf(item, "content") + TextOf(item, "output") + TextOf(item, "arguments"));
                }
            }

            return tokens + ReplyPriming;
        }

        if (root.TryGetProperty("prompt", out var prompt))
        {
            tokens = counter.Count(model, prompt.ValueKind == JsonValueKind.Array
                ? string.Join("\n", prompt.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()))
                : prompt.ValueKind == JsonValueKind.String ? prompt.GetString()! : "");
        }

        return tokens;
    }

    /// <summary>Tokens of the text in a whole answer's choices.</summary>
    public int CompletionTokens(string model, ReadOnlySpan<byte> answerJson)
    {
        using var document = Parse(answerJson);
        return document is null ? 0 : counter.Count(model, ChoicesText(document.RootElement, "message") + OutputText(document.RootElement) + TextOf(document.RootElement, "content"));
    }

    /// <summary>Tokens of plain text, such as the reply a bot delivered.</summary>
    public int TextTokens(string model, string text) => counter.Count(model, text);

    /// <summary>Tokens of the text in stream chunks, one JSON payload per line.</summary>
    public int StreamedCompletionTokens(string model, ReadOnlySpan<byte> payloadLines)
    {
        var text = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(payloadLines).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = Parse(Encoding.UTF8.GetBytes(line));
            if (document is not null)
            {
                text.Append(ChoicesText(document.RootElement, "delta")).Append(ResponsesDelta(document.RootElement)).Append(MessagesDelta(document.RootElement));
            }
        }

        return counter.Count(model, text.ToString());
    }

    /// <summary>The model whose tokenizer counts: the one that answered, when the upstream said.</summary>
    private static string ModelOf(GatewayCall call) => call.AnsweredModel ?? call.Model;

    private static void Set(GatewayCall call, int prompt, int completion)
    {
        call.Usage = new TokenUsage(prompt, completion, prompt + completion, 0);
        call.Estimated = true;
    }

    /// <summary>Content, legacy <c>text</c> and tool-call arguments of every choice.</summary>
    private static string ChoicesText(JsonElement root, string messageProperty)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            text.Append(TextOf(choice, "text"));
            if (choice.TryGetProperty(messageProperty, out var message) && message.ValueKind == JsonValueKind.Object)
            {
                text.Append(TextOf(message, "content"));
                if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    foreach (var call in calls.EnumerateArray())
                    {
                        if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var function))
                        {
                            text.Append(TextOf(function, "name")).Append(TextOf(function, "arguments"));
                        }
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The text of a Responses stream event's <c>delta</c> (output text and function-call arguments).</summary>
    private static string ResponsesDelta(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && type.GetString() is "response.output_text.delta" or "response.function_call_arguments.delta" or "response.refusal.delta"
            ? TextOf(root, "delta")
            : "";

    /// <summary>The text, tool input or thinking of an Anthropic Messages stream's <c>content_block_delta</c>.</summary>
    private static string MessagesDelta(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && type.ValueEquals("content_block_delta"u8) && root.TryGetProperty("delta", out var delta)
            ? TextOf(delta, "text") + TextOf(delta, "partial_json") + TextOf(delta, "thinking")
            : "";

    /// <summary>The text and call arguments of a whole Responses answer's <c>output</c> items.</summary>
    private static string OutputText(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var item in output.EnumerateArray())
        {
            text.Append(TextOf(item, "content")).Append(TextOf(item, "arguments")).Append(TextOf(item, "name"));
        }

        return text.ToString();
    }

    /// <summary>A string property, or the text parts of a content array.</summary>
    private static string TextOf(JsonElement element, string property)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(property, out var value))
        {
            return "";
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        return value.ValueKind != JsonValueKind.Array
            ? ""
            : string.Join(" ", value.EnumerateArray().Select(part => TextOf(part, "text")).Where(t => t.Length > 0));
    }

    private static JsonDocument? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
