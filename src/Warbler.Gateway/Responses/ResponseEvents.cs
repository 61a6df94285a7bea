using System.Buffers;
using System.Text;
using System.Text.Json;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Responses;

/// <summary>Writes Responses stream events (<c>event:</c> and <c>data:</c> lines) numbered in order, as OpenAI's SDKs expect.</summary>
internal sealed class ResponseEvents
{
    private int _sequence;

    /// <summary>Writes one event: <c>type</c> and <c>sequence_number</c>, then what <paramref name="fields"/> adds.</summary>
    public void Write<TState>(IBufferWriter<byte> output, string type, TState state, Action<Utf8JsonWriter, TState> fields)
    {
        output.Write("event: "u8);
        Encoding.UTF8.GetBytes(type, output);
        output.Write("\ndata: "u8);
        using (var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("sequence_number", _sequence++);
            fields(writer, state);
            writer.WriteEndObject();
        }

        output.Write("\n\n"u8);
    }
}
