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
    /// <summary>The record's line, newline included.</summary>
    public static byte[] Line(UsageRecord record)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, record, Default.UsageRecord);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
