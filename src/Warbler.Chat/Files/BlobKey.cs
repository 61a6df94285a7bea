namespace Warbler.Chat.Files;

/// <summary>
/// The rules for blob keys: relative paths of <c>[A-Za-z0-9_.-]</c> segments joined by <c>/</c>, no
/// segment starting with a dot (so no <c>..</c>, and the stores may keep their own files in dot-folders).
/// </summary>
public static class BlobKey
{
    public const int MaxLength = 512;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is a valid key.</summary>
    public static void Validate(string key, string parameterName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, parameterName);
        if (!IsValid(key, allowTrailingSlash: false))
        {
            throw new ArgumentException(
                $"A blob key is a relative path of 1 to {MaxLength} characters from [A-Za-z0-9/_.-], with no empty segment and none starting with '.' (got '{Printable(key)}').",
                parameterName);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="prefix"/> is a valid key, or one followed by '/'.</summary>
    public static void ValidatePrefix(string prefix, string parameterName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, parameterName);
        if (!IsValid(prefix, allowTrailingSlash: true))
        {
            throw new ArgumentException(
                $"A blob key prefix is a non-empty relative path from [A-Za-z0-9/_.-], such as 'rooms/42/' (got '{Printable(prefix)}').",
                parameterName);
        }
    }

    internal static bool IsValid(string key, bool allowTrailingSlash)
    {
        if (key.Length is 0 or > MaxLength)
        {
            return false;
        }

        var body = allowTrailingSlash && key.EndsWith('/') ? key[..^1] : key;
        if (body.Length == 0)
        {
            return false;
        }

        var segmentStart = true;
        foreach (var c in body)
        {
            if (c == '/')
            {
                if (segmentStart)
                {
                    return false;
                }

                segmentStart = true;
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') || (segmentStart && c == '.'))
            {
                return false;
            }

            segmentStart = false;
        }

        return !segmentStart;
    }

    // Keys come from code, but a hostile one should not carry control characters into a log or message.
    private static string Printable(string key)
    {
        var shown = key.Length > 80 ? key[..80] + "…" : key;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }
}
