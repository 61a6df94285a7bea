using System.Buffers.Text;
using System.Security.Cryptography;

namespace Warbler.Gateway.Keys;

/// <summary>Makes new key secrets: <c>wk-</c> and 32 random bytes in base64url.</summary>
public static class KeySecret
{
    public const string Marker = "wk-";

    /// <summary>How much of the secret is kept in the clear, so people can tell keys apart.</summary>
    public const int VisiblePrefixLength = 11;

    public static string Generate()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Marker + Base64Url.EncodeToString(random);
    }

    public static string PrefixOf(string secret) => secret[..Math.Min(secret.Length, VisiblePrefixLength)];
}
