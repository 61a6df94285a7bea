using System.CommandLine;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Connection;

/// <summary>
/// The flags that say where Warbler is and which keys to use, accepted by every command. Each
/// setting comes from its flag, else the environment, else <c>./.env</c>, else the saved login.
/// </summary>
internal sealed class ConnectionOptions
{
    public const string DefaultUrl = "http://localhost:5080";

    private const string DefaultSource = "the default";

    private readonly Lazy<Settings> _settings = new(Settings.Load);

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The Warbler server's root URL; a URL ending in /v1 is taken too [env: {SettingNames.Url}; default: {DefaultUrl}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"A gateway key (wk-…), for ask and chat [env: {SettingNames.ApiKey}]",
        HelpName = "key",
        Recursive = true,
    };

    public Option<string?> AdminKey { get; } = new("--admin-key")
    {
        Description = $"The admin key, for keys, usage and providers [env: {SettingNames.AdminKey}]",
        HelpName = "key",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Url, ApiKey, AdminKey];

    /// <summary>The environment and <c>./.env</c>, read when a command first needs them (so <c>--help</c> works in any folder).</summary>
    public Settings Settings => _settings.Value;

    /// <summary>Where <c>/v1</c> is and the gateway key for it.</summary>
    public ApiConnection Api(ParseResult parse)
    {
        var server = Server(parse);
        var key = Key(parse, ApiKey, SettingNames.ApiKey, server, l => l.ApiKey)
            ?? throw Missing(server, $"No gateway key for ask and chat: pass --api-key, set {SettingNames.ApiKey} (in the environment or ./.env), or save one with 'warbler login'.");
        return new ApiConnection(server.ApiBase, key.Value, $"gateway key (from {key.Source})", UrlNote(server));
    }

    /// <summary>Where <c>/api/admin</c> is and the admin key for it.</summary>
    public AdminConnection Admin(ParseResult parse)
    {
        var server = Server(parse);
        var key = Key(parse, AdminKey, SettingNames.AdminKey, server, l => l.AdminKey)
            ?? throw Missing(server, $"No admin key for keys, usage and providers: pass --admin-key, set {SettingNames.AdminKey} (in the environment or ./.env), or save it with 'warbler login --admin-key'.");
        return new AdminConnection(server.Root, key.Value, $"admin key (from {key.Source})", UrlNote(server));
    }

    /// <summary>The server's root URL and where it came from.</summary>
    public ServerUrl Server(ParseResult parse) => Server(parse, Settings.Saved);

    /// <summary>The server's root URL, with <paramref name="saved"/> standing for the saved login.</summary>
    public ServerUrl Server(ParseResult parse, SavedLogin? saved)
    {
        var setting = Flag(parse, Url)
            ?? Settings.Get(SettingNames.Url)
            ?? (saved is not null ? new Setting(saved.Url, "the saved login") : null)
            ?? new Setting(DefaultUrl, DefaultSource);
        return ServerUrl.Parse(setting);
    }

    /// <summary>
    /// A key from its flag, the environment or <c>./.env</c>; else the saved login's, but only when
    /// it was saved for this server, so a saved key is never sent to another one.
    /// </summary>
    public Setting? Key(ParseResult parse, Option<string?> option, string variable, ServerUrl server, Func<SavedLogin, string?> saved) =>
        Flag(parse, option)
        ?? Settings.Get(variable)
        ?? (Settings.Saved is { } login && saved(login) is { Length: > 0 } key && server.IsSameAs(login.Url)
            ? new Setting(key, "the saved login")
            : null);

    /// <summary>When the default URL is used while the old OPENAI_BASE_URL is set, an unreachable server is likely that variable's doing.</summary>
    private string? UrlNote(ServerUrl server) =>
        server.Source == DefaultSource && Settings.StillUsingOldNames().Any(r => r.New == SettingNames.Url)
            ? $" ({server.Root} is the default: warbler no longer reads OPENAI_BASE_URL; set {SettingNames.Url} to the server's root URL.)"
            : null;

    private static Setting? Flag(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } value && !string.IsNullOrWhiteSpace(value) ? new Setting(value.Trim(), option.Name) : null;

    /// <summary>The missing-key error, with what may explain it: a login saved for another server, or the old variable names.</summary>
    private CliException Missing(ServerUrl server, string message)
    {
        if (Settings.Saved is { } login && !server.IsSameAs(login.Url))
        {
            message += $" (The saved login is for {login.Url}, not {server.Root}.)";
        }

        if (Settings.StillUsingOldNames() is { Count: > 0 } renamed)
        {
            message += $" warbler no longer reads {string.Join(" or ", renamed.Select(r => r.Old))} (the server reads OPENAI_* for its upstream provider);" +
                $" it reads {string.Join(", ", SettingNames.All[..^1])} and {SettingNames.All[^1]}: rename {string.Join(" and ", renamed.Select(r => $"{r.Old} to {r.New}"))}.";
        }

        return CliException.Usage(message);
    }
}

/// <summary>Where <c>/v1</c> is, the key, what to call the key in an error, and what may explain the URL when it cannot be reached.</summary>
internal sealed record ApiConnection(Uri BaseUrl, string ApiKey, string KeyName, string? UrlNote = null);

/// <summary>Where the server's root is, the admin key, what to call it in an error, and what may explain the URL when it cannot be reached.</summary>
internal sealed record AdminConnection(Uri ServerRoot, string AdminKey, string KeyName, string? UrlNote = null);
