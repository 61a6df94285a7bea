namespace Warbler.Cli.Connection;

/// <summary>How a secret is shown: its prefix only, as <c>warbler keys list</c> shows a key's.</summary>
internal static class Secrets
{
    /// <summary>The server's key prefixes are this long (<c>wk-</c> and 8 characters).</summary>
    private const int PrefixLength = 11;

    /// <summary>At most a third of a short secret is shown, so a prefix never gives most of it away.</summary>
    public static string Prefix(string secret) => secret[..Math.Min(PrefixLength, secret.Length / 3)] + "…";
}
