using System.Buffers;
using System.Text;
using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Responses;

/// <summary>Writes Responses stream events (<c>event:</c> and <c>data:</c> lines) numbered in order, as OpenAI's SDKs expect.</summary>
internal sealed class ResponseEvents
{
    private int _sequence;

    /// <summary>One writer for the stream's events, pointed at each event's output in turn.</summary>
    private Utf8JsonWriter? _writer;

    /// <summary>Writes one event: <c>type</c> and <c>sequence_number</c>, then what <paramref name="fields"/> adds.</summary>
    public void Write<TState>(IBufferWriter<byte> output, string type, TState state, Action<Utf8JsonWriter, TState> fields)
    {
        output.Write("event: "u8);
        Encoding.UTF8.GetBytes(type, output);
        output.Write("\ndata: "u8);
        var writer = _writer ??= new Utf8JsonWriter(output, GatewayJson.WriterOptions);
        writer.Reset(output);
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteNumber("sequence_number", _sequence++);
        fields(writer, state);
        writer.WriteEndObject();
        writer.Flush();
        output.Write("\n\n"u8);
    }
}
