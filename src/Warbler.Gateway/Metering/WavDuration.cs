using System.Buffers.Binary;

namespace Warbler.Gateway.Metering;

/// <summary>The length of a PCM WAV file from its header, so uploaded audio can be metered in seconds without decoding it.</summary>
internal static class WavDuration
{
    /// <returns>Seconds of audio, or null when the bytes are not a WAV file this can read.</returns>
    public static double? Of(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return null;
        }

        uint byteRate = 0;
        var position = 12;
        while (position + 8 <= file.Length)
        {
            var id = file.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 4, 4));
            if (id.SequenceEqual("fmt "u8) && size >= 16 && position + 8 + 16 <= file.Length)
            {
                byteRate = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 8 + 8, 4));
            }
            else if (id.SequenceEqual("data"u8))
            {
                // A streamed WAV may say 0 or 0xFFFFFFFF; the bytes present then tell.
                var bytes = size is 0 or uint.MaxValue || size > file.Length - position - 8 ? (uint)(file.Length - position - 8) : size;
                return byteRate == 0 ? null : Math.Round((double)bytes / byteRate, 3);
            }

            // Chunks are padded to an even length.
            var next = position + 8L + size + (size & 1);
            if (next > file.Length)
            {
                return null;
            }

            position = (int)next;
        }

        return null;
    }
}
