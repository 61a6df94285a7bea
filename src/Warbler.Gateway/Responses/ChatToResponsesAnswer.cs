using System.Buffers;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Turns a whole chat answer into a <c>response</c> object: the message's text becomes a
/// <c>message</c> item with <c>output_text</c>, each tool call a <c>function_call</c> item, and the
/// usage takes the Responses API's names. Streams go through <see cref="ChatToResponsesStream"/>.
/// </summary>
internal sealed class ChatToResponsesAnswer(ResponseObject response, string model, Action<ReadOnlyMemory<byte>>? completed) : IResponseTransform
{
    public byte[] TransformBody(ReadOnlySpan<byte> json) => TransformBody(json, null);

    public byte[] TransformBody(ReadOnlySpan<byte> json, TokenUsage? usage)
    {
        var facts = AnswerFacts.Read(json);
        List<OutputItem> output = [];
        string? finishReason = null;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return json.ToArray();
            }

            var choice = choices[0];
            finishReason = choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String ? finish.GetString() : null;
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                AddItems(message, output);
            }
        }
        catch (JsonException)
        {
            // Not a chat answer: relayed as the upstream sent it.
            return json.ToArray();
        }

        var incomplete = ChatToResponsesStream.IncompleteReason(finishReason);
        var buffer = new ArrayBufferWriter<byte>(json.Length + 1024);
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            response.WriteTo(writer, incomplete is null ? "completed" : "incomplete", facts.Model ?? model, output, facts.Usage ?? usage, incomplete);
        }

        completed?.Invoke(buffer.WrittenMemory);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Streams are translated by <see cref="ChatToResponsesStream"/>; a chunk reaching here is passed on as it is.</summary>
    public void TransformChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output) => output.Write(json);

    private static void AddItems(JsonElement message, List<OutputItem> output)
    {
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            output.Add(OutputItem.Message(text));
        }

        if (message.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String && refusal.GetString() is { Length: > 0 } refused)
        {
            output.Add(OutputItem.Message(refused, refusal: true));
        }

        if (!message.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var call in calls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            output.Add(OutputItem.FunctionCall(
                call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : ResponseIds.New("call_"),
                function.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "",
                function.TryGetProperty("arguments", out var arguments) && arguments.ValueKind == JsonValueKind.String ? arguments.GetString() : "{}"));
        }
    }
}
