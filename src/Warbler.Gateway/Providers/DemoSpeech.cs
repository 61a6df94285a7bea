using System.Buffers.Binary;

namespace Warbler.Gateway.Providers;

/// <summary>The demo's speech: a short WAV tone (8 kHz, 16-bit mono), longer for longer input, its pitch from the text.</summary>
internal static class DemoSpeech
{
    public const int SampleRate = 8000;

    /// <summary>As long as reading the text aloud might take (60 ms a character), between half a second and ten.</summary>
    public static double SecondsFor(string input) => Math.Clamp(input.Length * 0.06, 0.5, 10);

    public static byte[] Wav(string input)
    {
        var samples = (int)(SecondsFor(input) * SampleRate);
        var frequency = 300 + (DemoEmbedding.Fnv1a(input) % 400);
        var wav = new byte[44 + (samples * 2)];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], wav.Length - 8);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var sample = (short)(8000 * Math.Sin(2 * Math.PI * frequency * i / SampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + (i * 2))..], sample);
        }

        return wav;
    }
}
