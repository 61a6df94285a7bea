using System.Security.Cryptography;
using System.Text;

namespace Warbler.Gateway.Keys;

/// <summary>The SHA-256 of a key's secret, as a value that can key a dictionary without allocating.</summary>
internal readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Longest secret worth hashing; anything longer is no key of ours.</summary>
    public const int MaxSecretLength = 256;

    public static KeyHash Of(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[MaxSecretLength * 3];
        var length = Encoding.UTF8.GetBytes(secret[..Math.Min(secret.Length, MaxSecretLength)], utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        return FromBytes(hash);
    }

    public static KeyHash FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException("A key hash is 32 bytes.", nameof(hash));
        }

        return new KeyHash(
            BitConverter.ToUInt64(hash[..8]),
            BitConverter.ToUInt64(hash[8..16]),
            BitConverter.ToUInt64(hash[16..24]),
            BitConverter.ToUInt64(hash[24..]));
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[SHA256.HashSizeInBytes];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 8), A);
        BitConverter.TryWriteBytes(bytes.AsSpan(8, 8), B);
        BitConverter.TryWriteBytes(bytes.AsSpan(16, 8), C);
        BitConverter.TryWriteBytes(bytes.AsSpan(24, 8), D);
        return bytes;
    }
}
