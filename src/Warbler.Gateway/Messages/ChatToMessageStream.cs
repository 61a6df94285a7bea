using System.Buffers;
using System.Text;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Messages;

/// <summary>
/// Turns a chat stream into Anthropic's Messages events, in Anthropic's order: <c>message_start</c>
/// (the message with no content yet); for each content block <c>content_block_start</c>,
/// <c>content_block_delta</c>… (<c>text_delta</c>, or <c>input_json_delta</c> for a <c>tool_use</c>
/// block) and <c>content_block_stop</c>; then <c>message_delta</c> with the stop reason and the
/// usage, and <c>message_stop</c>. Errors after the start are Anthropic's <c>error</c> event.
/// </summary>
/// <param name="model">The model asked for, named in <c>message_start</c> before the upstream answers.</param>
/// <param name="estimatePromptTokens">
/// Anthropic's <c>message_start</c> carries the input tokens before any output; the upstream tells
/// its count only at the end (then sent in <c>message_delta</c>), so this estimate stands in.
/// </param>
internal sealed class ChatToMessageStream(string model, Func<int> estimatePromptTokens) : IStreamTranslator
{
    private Utf8JsonWriter? _writer;
    private int _blocks;
    private BlockKind _open;
    private int _openToolIndex = -1;
    private string? _finishReason;

    private enum BlockKind
    {
        None,
        Text,
        ToolUse,
    }

    private int OpenIndex => _blocks - 1;

    public void WriteStart(IBufferWriter<byte> output)
    {
        var inputTokens = estimatePromptTokens();
        Write(output, "message_start", (Model: model, Input: inputTokens), static (writer, state) =>
        {
            writer.WriteStartObject("message");
            writer.WriteString("id", $"msg_{Guid.NewGuid():N}");
            writer.WriteString("type", "message");
            writer.WriteString("role", "assistant");
            writer.WriteString("model", state.Model);
            writer.WriteStartArray("content");
            writer.WriteEndArray();
            writer.WriteNull("stop_reason");
            writer.WriteNull("stop_sequence");
            writer.WriteStartObject("usage");
            writer.WriteNumber("input_tokens", state.Input);
            writer.WriteNumber("cache_creation_input_tokens", 0);
            writer.WriteNumber("cache_read_input_tokens", 0);
            writer.WriteNumber("output_tokens", 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    public void WriteChunk(ReadOnlySpan<byte> json, IBufferWriter<byte> output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException)
        {
            // Not a chunk: nothing to translate (the relay has counted it for an estimate).
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return;
            }

            // A message is one answer; chat's 'n' is never asked for, so only the first choice comes.
            var choice = choices[0];
            if (choice.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                Translate(delta, output);
            }

            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                _finishReason = finish.GetString();
            }
        }
    }

    public void WriteEnd(TokenUsage? usage, IBufferWriter<byte> output)
    {
        Close(output);
        Write(output, "message_delta", (Stop: ChatToMessageTransform.StopReason(_finishReason) ?? "end_turn", Usage: usage), static (writer, state) =>
        {
            writer.WriteStartObject("delta");
            writer.WriteString("stop_reason", state.Stop);
            writer.WriteNull("stop_sequence");
            writer.WriteEndObject();
            writer.WritePropertyName("usage");
            WriteUsage(writer, state.Usage);
        });
        Write(output, "message_stop", 0, static (_, _) => { });
    }

    public void WriteError(string message, IBufferWriter<byte> output)
    {
        Write(output, "error", message, static (writer, message) =>
        {
            writer.WriteStartObject("error");
            writer.WriteString("type", "api_error");
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });
    }

    /// <summary>Anthropic's usage counts: the input without what was read from or written to the cache, which are counted apart.</summary>
    private static void WriteUsage(Utf8JsonWriter writer, TokenUsage? usage)
    {
        var prompt = usage?.PromptTokens ?? 0;
        var cacheRead = usage?.CachedTokens ?? 0;
        var cacheWrite = usage?.CacheWriteTokens ?? 0;
        writer.WriteStartObject();
        writer.WriteNumber("input_tokens", Math.Max(0, prompt - cacheRead - cacheWrite));
        writer.WriteNumber("cache_creation_input_tokens", cacheWrite);
        writer.WriteNumber("cache_read_input_tokens", cacheRead);
        writer.WriteNumber("output_tokens", usage?.CompletionTokens ?? 0);
        writer.WriteEndObject();
    }

    private void Translate(JsonElement delta, IBufferWriter<byte> output)
    {
        if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            if (_open != BlockKind.Text)
            {
                Close(output);
                Open(BlockKind.Text, output, static (writer, _) =>
                {
                    writer.WriteString("type", "text");
                    writer.WriteString("text", "");
                }, 0);
            }

            Write(output, "content_block_delta", (Index: OpenIndex, Text: text), static (writer, state) =>
            {
                writer.WriteNumber("index", state.Index);
                writer.WriteStartObject("delta");
                writer.WriteString("type", "text_delta");
                writer.WriteString("text", state.Text);
                writer.WriteEndObject();
            });
        }

        if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind == JsonValueKind.Object)
                {
                    ToolCallDelta(call, output);
                }
            }
        }
    }

    private void ToolCallDelta(JsonElement call, IBufferWriter<byte> output)
    {
        var index = call.TryGetProperty("index", out var number) && number.TryGetInt32(out var value) ? value : 0;
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        if (_open != BlockKind.ToolUse || _openToolIndex != index)
        {
            Close(output);
            var id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : $"toolu_{Guid.NewGuid():N}";
            var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            Open(BlockKind.ToolUse, output, static (writer, state) =>
            {
                writer.WriteString("type", "tool_use");
                writer.WriteString("id", state.Id);
                writer.WriteString("name", state.Name);
                writer.WriteStartObject("input");
                writer.WriteEndObject();
            }, (Id: id, Name: name));
            _openToolIndex = index;
        }

        if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var arguments)
            && arguments.ValueKind == JsonValueKind.String && arguments.GetString() is { Length: > 0 } piece)
        {
            Write(output, "content_block_delta", (Index: OpenIndex, Piece: piece), static (writer, state) =>
            {
                writer.WriteNumber("index", state.Index);
                writer.WriteStartObject("delta");
                writer.WriteString("type", "input_json_delta");
                writer.WriteString("partial_json", state.Piece);
                writer.WriteEndObject();
            });
        }
    }

    private void Open<TState>(BlockKind kind, IBufferWriter<byte> output, Action<Utf8JsonWriter, TState> block, TState state)
    {
        _blocks++;
        _open = kind;
        Write(output, "content_block_start", (Index: OpenIndex, Block: block, State: state), static (writer, s) =>
        {
            writer.WriteNumber("index", s.Index);
            writer.WriteStartObject("content_block");
            s.Block(writer, s.State);
            writer.WriteEndObject();
        });
    }

    private void Close(IBufferWriter<byte> output)
    {
        if (_open == BlockKind.None)
        {
            return;
        }

        Write(output, "content_block_stop", OpenIndex, static (writer, index) => writer.WriteNumber("index", index));
        _open = BlockKind.None;
        _openToolIndex = -1;
    }

    /// <summary>Writes one event: its <c>event:</c> line, and its <c>data:</c> line with <c>type</c> and what <paramref name="fields"/> adds.</summary>
    private void Write<TState>(IBufferWriter<byte> output, string type, TState state, Action<Utf8JsonWriter, TState> fields)
    {
        output.Write("event: "u8);
        Encoding.UTF8.GetBytes(type, output);
        output.Write("\ndata: "u8);
        var writer = _writer ??= new Utf8JsonWriter(output, GatewayJson.WriterOptions);
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        fields(writer, state);
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n\n"u8);
    }
}
