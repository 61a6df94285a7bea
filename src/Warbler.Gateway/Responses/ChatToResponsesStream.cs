using System.Buffers;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Responses;

/// <summary>
/// Turns a chat stream into the Responses API's events, in OpenAI's order:
/// <c>response.created</c> and <c>response.in_progress</c> first; for text,
/// <c>response.output_item.added</c>, <c>response.content_part.added</c>, <c>response.output_text.delta</c>…,
/// then <c>.output_text.done</c>, <c>.content_part.done</c>, <c>.output_item.done</c>; for each tool call
/// a <c>function_call</c> item with <c>response.function_call_arguments.delta</c>… and <c>.done</c>;
/// and <c>response.completed</c> (or <c>response.incomplete</c>) with the usage at the end.
/// </summary>
internal sealed class ChatToResponsesStream(ResponseObject response, string model, Action<ReadOnlyMemory<byte>>? completed) : IStreamTranslator
{
    private readonly ResponseEvents _events = new();
    private readonly List<OutputItem> _output = [];
    private string _model = model;
    private bool _modelRead;
    private OutputItem? _open;
    private int _openToolIndex = -1;
    private string? _finishReason;

    private int OpenIndex => _output.Count - 1;

    public void WriteStart(IBufferWriter<byte> output)
    {
        WriteResponseEvent(output, "response.created", "in_progress", null);
        WriteResponseEvent(output, "response.in_progress", "in_progress", null);
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
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (!_modelRead && root.TryGetProperty("model", out var answered) && answered.ValueKind == JsonValueKind.String)
            {
                _model = answered.GetString()!;
                _modelRead = true;
            }

            if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            {
                return;
            }

            // Responses have one answer; chat's 'n' is not asked for, so only the first choice comes.
            var choice = choices[0];
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
        var incomplete = IncompleteReason(_finishReason);
        WriteResponseEvent(output, incomplete is null ? "response.completed" : "response.incomplete", incomplete is null ? "completed" : "incomplete", usage, incomplete);
        if (completed is not null)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
            {
                response.WriteTo(writer, incomplete is null ? "completed" : "incomplete", _model, _output, usage, incomplete);
            }

            completed(buffer.WrittenMemory);
        }
    }

    public void WriteError(string message, IBufferWriter<byte> output)
    {
        if (completed is not null)
        {
            // Kept as failed, with what came before the break, as OpenAI keeps a response that broke off.
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
            {
                response.WriteTo(writer, "failed", _model, _output, null, error: message);
            }

            completed(buffer.WrittenMemory);
        }

        _events.Write(output, "error", message, static (writer, message) =>
        {
            writer.WriteString("code", "server_error");
            writer.WriteString("message", message);
            writer.WriteNull("param");
        });
    }

    /// <summary>What a chat answer's finish reason makes of a response that stopped short.</summary>
    internal static string? IncompleteReason(string? finishReason) => finishReason switch
    {
        "length" => "max_output_tokens",
        "content_filter" => "content_filter",
        _ => null,
    };

    private void Translate(JsonElement delta, IBufferWriter<byte> output)
    {
        if (delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
        {
            TextDelta(text, refusal: false, output);
        }

        if (delta.TryGetProperty("refusal", out var refusal) && refusal.ValueKind == JsonValueKind.String && refusal.GetString() is { Length: > 0 } refused)
        {
            TextDelta(refused, refusal: true, output);
        }

        if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                ToolCallDelta(call, output);
            }
        }
    }

    private void TextDelta(string text, bool refusal, IBufferWriter<byte> output)
    {
        if (_open is not { IsFunctionCall: false } || _open.Refusal != refusal)
        {
            Close(output);
            Open(OutputItem.Message(refusal: refusal), output);
            _events.Write(output, "response.content_part.added", this, static (writer, self) =>
            {
                self.WriteItemPosition(writer);
                writer.WriteNumber("content_index", 0);
                writer.WritePropertyName("part");
                self._open!.WritePart(writer, "");
            });
        }

        _open!.Text.Append(text);
        _events.Write(output, refusal ? "response.refusal.delta" : "response.output_text.delta", (Self: this, Text: text), static (writer, state) =>
        {
            state.Self.WriteItemPosition(writer);
            writer.WriteNumber("content_index", 0);
            writer.WriteString("delta", state.Text);
            if (!state.Self._open!.Refusal)
            {
                writer.WriteStartArray("logprobs");
                writer.WriteEndArray();
            }
        });
    }

    private void ToolCallDelta(JsonElement call, IBufferWriter<byte> output)
    {
        var index = call.TryGetProperty("index", out var number) && number.TryGetInt32(out var value) ? value : 0;
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        if (_open is not { IsFunctionCall: true } || _openToolIndex != index)
        {
            Close(output);
            var callId = call.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : ResponseIds.New("call_");
            var name = function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            Open(OutputItem.FunctionCall(callId, name), output);
            _openToolIndex = index;
        }

        if (function.ValueKind == JsonValueKind.Object && function.TryGetProperty("arguments", out var arguments)
            && arguments.ValueKind == JsonValueKind.String && arguments.GetString() is { Length: > 0 } piece)
        {
            _open!.Text.Append(piece);
            _events.Write(output, "response.function_call_arguments.delta", (Self: this, Piece: piece), static (writer, state) =>
            {
                state.Self.WriteItemPosition(writer);
                writer.WriteString("delta", state.Piece);
            });
        }
    }

    private void Open(OutputItem item, IBufferWriter<byte> output)
    {
        _output.Add(item);
        _open = item;
        _events.Write(output, "response.output_item.added", this, static (writer, self) =>
        {
            writer.WriteNumber("output_index", self.OpenIndex);
            writer.WritePropertyName("item");
            self._open!.WriteTo(writer, done: false);
        });
    }

    /// <summary>Closes the item receiving deltas with its <c>…done</c> events.</summary>
    private void Close(IBufferWriter<byte> output)
    {
        if (_open is not { } item)
        {
            return;
        }

        if (item.IsFunctionCall)
        {
            _events.Write(output, "response.function_call_arguments.done", this, static (writer, self) =>
            {
                self.WriteItemPosition(writer);
                writer.WriteString("name", self._open!.Name);
                writer.WriteString("arguments", self._open.Text.ToString());
            });
        }
        else
        {
            _events.Write(output, item.Refusal ? "response.refusal.done" : "response.output_text.done", this, static (writer, self) =>
            {
                self.WriteItemPosition(writer);
                writer.WriteNumber("content_index", 0);
                if (self._open!.Refusal)
                {
                    writer.WriteString("refusal", self._open.Text.ToString());
                }
                else
                {
                    writer.WriteString("text", self._open.Text.ToString());
                    writer.WriteStartArray("logprobs");
                    writer.WriteEndArray();
                }
            });
            _events.Write(output, "response.content_part.done", this, static (writer, self) =>
            {
                self.WriteItemPosition(writer);
                writer.WriteNumber("content_index", 0);
                writer.WritePropertyName("part");
                self._open!.WritePart(writer, self._open.Text.ToString());
            });
        }

        _events.Write(output, "response.output_item.done", this, static (writer, self) =>
        {
            writer.WriteNumber("output_index", self.OpenIndex);
            writer.WritePropertyName("item");
            self._open!.WriteTo(writer, done: true);
        });
        _open = null;
        _openToolIndex = -1;
    }

    private void WriteItemPosition(Utf8JsonWriter writer)
    {
        writer.WriteString("item_id", _open!.Id);
        writer.WriteNumber("output_index", OpenIndex);
    }

    private void WriteResponseEvent(IBufferWriter<byte> output, string type, string status, TokenUsage? usage, string? incompleteReason = null)
    {
        _events.Write(output, type, (Self: this, Status: status, Usage: usage, Reason: incompleteReason), static (writer, state) =>
        {
            writer.WritePropertyName("response");
            state.Self.WriteResponse(writer, state.Status, state.Usage, state.Reason);
        });
    }

    private void WriteResponse(Utf8JsonWriter writer, string status, TokenUsage? usage, string? incompleteReason) =>
        response.WriteTo(writer, status, _model, _output, usage, incompleteReason);
}
