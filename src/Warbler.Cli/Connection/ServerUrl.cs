using Warbler.Cli.Errors;

namespace Warbler.Cli.Connection;

/// <summary>A Warbler server's root URL (<c>http://host:5080/</c>) and its OpenAI-compatible base, the root and <c>v1</c>.</summary>
internal sealed record ServerUrl(Uri Root, string Source)
{
    public Uri ApiBase => new(Root, "v1");

    /// <summary>Takes a root URL, or a base URL ending in <c>/v1</c> (as OpenAI clients are given), and names the source when it is neither.</summary>
    public static ServerUrl Parse(Setting setting) =>
        TryRootOf(setting.Value) is { } root
            ? new ServerUrl(root, setting.Source)
            : throw CliException.Usage($"{setting.Source} must be an http:// or https:// URL such as {ConnectionOptions.DefaultUrl}, not '{setting.Value}'.");

    /// <summary><c>http://host:5080/v1</c> and <c>http://host:5080</c> → <c>http://host:5080/</c>; null when it is no http(s) URL.</summary>
    public static Uri? TryRootOf(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        return new UriBuilder(uri) { Path = path + "/", Query = "", Fragment = "" }.Uri;
    }

    /// <summary>Whether <paramref name="url"/> names this same server.</summary>
    public bool IsSameAs(string url) => TryRootOf(url) is { } other && Uri.Compare(Root, other, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
