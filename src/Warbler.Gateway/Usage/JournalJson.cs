using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Warbler.Data.Usage;

namespace Warbler.Gateway.Usage;

/// <summary>A journal line is one usage record as compact JSON; generated, so appending reflects over nothing.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageRecord))]
internal sealed partial class JournalJson : JsonSerializerContext
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The record's line, newline included, in a buffer of the calling thread's that the next call reuses.</summary>
    public static ReadOnlySpan<byte> Line(UsageRecord record)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, record, Default.UsageRecord);
        writer.Flush();
        buffer.Write("\n"u8);
        return buffer.WrittenSpan;
    }
}
