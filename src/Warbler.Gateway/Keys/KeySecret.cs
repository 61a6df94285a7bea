using System.Buffers.Text;
using System.Security.Cryptography;

namespace Warbler.Gateway.Keys;

/// <summary>Makes new key secrets: <c>wk-</c> and 32 random bytes in base64url.</summary>
internal static class KeySecret
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

    /// <summary>Base64url of 32 bytes, without padding.</summary>
    private const int RandomLength = 43;

    /// <summary>True when <paramref name="secret"/> is meant as one of Warbler's keys (<c>wk-</c>), well formed or not.</summary>
    public static bool HasMarker(ReadOnlySpan<char> secret) => secret.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>True when <paramref name="secret"/> has the shape of a secret made here (it may still be unknown).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> secret) =>
        secret.Length == Marker.Length + RandomLength && HasMarker(secret) && Base64Url.IsValid(secret[Marker.Length..]);

    public static string PrefixOf(string secret) => secret[..Math.Min(secret.Length, VisiblePrefixLength)];
}
