namespace Warbler.Chat.SignOn;

/// <summary>Where a sign-on may return to: only a path of this server, never another site (an open redirect).</summary>
internal static class ReturnUrls
{
    public const int MaxLength = 2048;

    public static bool IsLocal(string? url) =>
        url is { Length: > 0 and <= MaxLength }
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');
}
