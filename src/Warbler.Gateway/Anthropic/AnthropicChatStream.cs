using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Anthropic;

/// <summary>
/// Reads Anthropic's Messages event stream and gives out chat completion chunks (<c>data:</c>
/// lines) as each event arrives: text and tool-call argument pieces, the finish reason, a final
/// usage chunk and <c>[DONE]</c>. Nothing is read from the upstream before the reader asks, and
/// nothing is held back once an event is complete.
/// </summary>
internal sealed class AnthropicChatStream(Stream upstream, long created) : Stream
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly List<byte> _line = [];
    private readonly byte[] _readBuffer = new byte[8192];
    private readonly AnthropicUsage _usage = new();
    private readonly Dictionary<int, int> _toolIndexes = [];
    private string _id = "";
    private string? _model;
    private string? _eventData;
    private int _outputOffset;
    private bool _finished;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_outputOffset == _output.WrittenCount)
        {
            if (_finished)
            {
                return 0;
            }

            _output.ResetWrittenCount();
            _outputOffset = 0;
            var read = await upstream.ReadAsync(_readBuffer, cancellationToken);
            if (read == 0)
            {
                // An upstream that ends without message_stop: whatever event was whole is out; end here.
                Dispatch();
                _finished = true;
                continue;
            }

            Consume(_readBuffer.AsSpan(0, read));
        }

        var available = _output.WrittenSpan[_outputOffset..];
        var count = Math.Min(available.Length, buffer.Length);
        available[..count].CopyTo(buffer.Span);
        _outputOffset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>Splits the bytes into SSE lines; a blank line ends an event.</summary>
    private void Consume(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b != (byte)'\n')
            {
                _line.Add(b);
                continue;
            }

            var line = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line);
            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                Dispatch();
            }
            else if (line.StartsWith("data:"u8))
            {
                var data = System.Text.Encoding.UTF8.GetString(line[5..]).TrimStart();
                _eventData = _eventData is null ? data : _eventData + "\n" + data;
            }

            _line.Clear();
        }
    }

    private void Dispatch()
    {
        if (_eventData is not { } data || _finished)
        {
            _eventData = null;
            return;
        }

        _eventData = null;
        if (GatewayJson.TryParseObject(System.Text.Encoding.UTF8.GetBytes(data)) is not { } evt)
        {
            return;
        }

        switch (AnthropicToChat.StringOf(evt["type"]))
        {
            case "message_start":
                var message = evt["message"] as JsonObject;
                _id = AnthropicToChat.StringOf(message?["id"]) ?? "";
                _model = AnthropicToChat.StringOf(message?["model"]);
                if (message?["usage"] is JsonObject startUsage)
                {
                    _usage.Add(startUsage);
                }

                WriteChunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
                break;
            case "content_block_start" when evt["content_block"] is JsonObject { } block && AnthropicToChat.StringOf(block["type"]) == "tool_use":
                var toolIndex = _toolIndexes.Count;
                _toolIndexes[BlockIndex(evt)] = toolIndex;
                WriteChunk(ToolCallDelta(toolIndex, new JsonObject
                {
                    ["id"] = AnthropicToChat.StringOf(block["id"]),
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = AnthropicToChat.StringOf(block["name"]), ["arguments"] = "" },
                }), null);
                break;
            case "content_block_delta" when evt["delta"] is JsonObject { } delta:
                switch (AnthropicToChat.StringOf(delta["type"]))
                {
                    case "text_delta":
                        WriteChunk(new JsonObject { ["content"] = AnthropicToChat.StringOf(delta["text"]) }, null);
                        break;
                    case "input_json_delta" when _toolIndexes.TryGetValue(BlockIndex(evt), out var index):
                        WriteChunk(ToolCallDelta(index, new JsonObject
                        {
                            ["function"] = new JsonObject { ["arguments"] = AnthropicToChat.StringOf(delta["partial_json"]) ?? "" },
                        }), null);
                        break;
                }

                break;
            case "message_delta":
                if (evt["usage"] is JsonObject deltaUsage)
                {
                    _usage.Add(deltaUsage);
                }

                WriteChunk([], AnthropicToChat.FinishReason(AnthropicToChat.StringOf((evt["delta"] as JsonObject)?["stop_reason"])) ?? "stop");
                break;
            case "message_stop":
                WriteUsageAndDone();
                break;
            case "error":
                // A failure after the answer began: passed on in OpenAI's shape, and the stream ends.
                var error = AnthropicToChat.Error(StatusCodes.Status500InternalServerError, System.Text.Encoding.UTF8.GetBytes(data)).Body;
                WriteData(error);
                _finished = true;
                break;
        }
    }

    private static int BlockIndex(JsonObject evt) =>
        evt["index"] is JsonValue value && value.TryGetValue<int>(out var index) ? index : 0;

    private static JsonObject ToolCallDelta(int index, JsonObject call)
    {
        call["index"] = index;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    private void WriteChunk(JsonObject delta, string? finishReason)
    {
        var chunk = Chunk();
        chunk["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        });
        WriteData(JsonSerializer.SerializeToUtf8Bytes(chunk, GatewayJson.SerializerOptions));
    }

    private void WriteUsageAndDone()
    {
        var chunk = Chunk();
        chunk["choices"] = new JsonArray();
        chunk["usage"] = AnthropicToChat.Usage(_usage);
        WriteData(JsonSerializer.SerializeToUtf8Bytes(chunk, GatewayJson.SerializerOptions));
        WriteData("[DONE]"u8);
        _finished = true;
    }

    private JsonObject Chunk() => new()
    {
        ["id"] = _id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = _model,
    };

    private void WriteData(ReadOnlySpan<byte> json)
    {
        _output.Write("data: "u8);
        _output.Write(json);
        _output.Write("\n\n"u8);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            upstream.Dispose();
        }

        base.Dispose(disposing);
    }
}
