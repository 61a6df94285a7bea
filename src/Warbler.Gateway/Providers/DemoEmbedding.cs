using System.Runtime.InteropServices;

namespace Warbler.Gateway.Providers;

/// <summary>
/// The demo's embedding of a text: its words and their character trigrams hashed into the vector
/// (the hashing trick), then normalized, so texts sharing words and spellings point the same way
/// and a near-copy scores a clearly higher cosine than an unrelated text. Deterministic, offline.
/// </summary>
internal static class DemoEmbedding
{
    public const int DefaultDimensions = 1536;

    /// <summary>As OpenAI's largest model (text-embedding-3-large); more is refused, as OpenAI refuses it.</summary>
    public const int MaxDimensions = 3072;

    public static float[] Of(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split((char[])[' ', '\t', '\n', '\r', '.', ',', ';', ':', '!', '?', '"', '\'', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            Add(vector, word, 1f);
            var padded = $" {word} ";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                Add(vector, padded.Substring(i, 3), 0.5f);
            }
        }

        var length = MathF.Sqrt(vector.Sum(v => v * v));
        if (length > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= length;
            }
        }

        return vector;
    }

    /// <summary>The vector as OpenAI's <c>base64</c> encoding has it: little-endian float32s.</summary>
    public static string Base64(float[] vector) => Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan()));

    private static void Add(float[] vector, string feature, float weight)
    {
        var hash = Fnv1a(feature);
        vector[(int)(hash % (uint)vector.Length)] += (hash & 0x8000_0000) == 0 ? weight : -weight;
    }

    /// <summary>FNV-1a: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
