using System.CommandLine;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Connection;

/// <summary>
/// The flags that say where Warbler is and which keys to use, accepted by every command. A flag
/// wins over the environment, which wins over <c>.env</c>.
/// </summary>
internal sealed class ConnectionOptions
{
    public const string DefaultBaseUrl = "http://localhost:5080/v1";

    public Option<string?> BaseUrl { get; } = new("--base-url")
    {
        Description = $"The OpenAI-compatible API's base URL [env: OPENAI_BASE_URL; default: {DefaultBaseUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The key for the API, a Warbler key (wk-…) or any provider's [env: OPENAI_API_KEY]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<string?> AdminKey { get; } = new("--admin-key")
    {
        Description = "The Warbler admin key, for keys, usage and providers [env: WARBLER_ADMIN_KEY]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<string?> ServerUrl { get; } = new("--url")
    {
        Description = "The Warbler server's root URL, for admin commands [env: WARBLER_URL; default: the base URL without its trailing /v1]",
        HelpName = "url",
        Recursive = true,
    };

    public IEnumerable<Option> All => [BaseUrl, ApiKey, AdminKey, ServerUrl];

    public Settings Settings { get; } = Settings.Load();

    /// <summary>Where <c>/v1</c> is and the key for it.</summary>
    public ApiConnection Api(ParseResult parse)
    {
        var baseUrl = Url(parse, BaseUrl, "OPENAI_BASE_URL") ?? new Uri(DefaultBaseUrl);
        var key = parse.GetValue(ApiKey) ?? Settings.Get("OPENAI_API_KEY")
            ?? throw CliException.Usage("No API key: set OPENAI_API_KEY (in the environment or .env) or pass --api-key.");
        return new ApiConnection(baseUrl, key);
    }

    /// <summary>Where <c>/api/admin</c> is and the admin key for it.</summary>
    public AdminConnection Admin(ParseResult parse)
    {
        var root = Url(parse, ServerUrl, "WARBLER_URL") ?? ServerRootOf(Url(parse, BaseUrl, "OPENAI_BASE_URL") ?? new Uri(DefaultBaseUrl));
        var key = parse.GetValue(AdminKey) ?? Settings.Get("WARBLER_ADMIN_KEY")
            ?? throw CliException.Usage("No admin key: set WARBLER_ADMIN_KEY (in the environment or .env) or pass --admin-key.");
        return new AdminConnection(root, key);
    }

    /// <summary><c>http://host:5080/v1</c> → <c>http://host:5080/</c>; a URL without <c>/v1</c> is taken as the root.</summary>
    public static Uri ServerRootOf(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        return new UriBuilder(baseUrl) { Path = path + "/", Query = "" }.Uri;
    }

    private Uri? Url(ParseResult parse, Option<string?> option, string variable)
    {
        var (text, source) = parse.GetValue(option) is { } flag ? (flag, option.Name) : (Settings.Get(variable), variable);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw CliException.Usage($"{source} must be an http:// or https:// URL, not '{text}'.");
    }
}

internal sealed record ApiConnection(Uri BaseUrl, string ApiKey);

internal sealed record AdminConnection(Uri ServerRoot, string AdminKey);
