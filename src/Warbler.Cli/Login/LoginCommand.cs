using System.CommandLine;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Login;

/// <summary>
/// <c>warbler login</c>: checks a gateway key and/or the admin key against the server, then saves
/// them with its URL in the user's config folder, where later commands find them.
/// </summary>
internal static class LoginCommand
{
    /// <summary>A key flag's value that means "read it from standard input", so it stays out of the shell's history.</summary>
    private const string FromInput = "-";

    public static Command Create(ConnectionOptions connection)
    {
        var show = new Option<bool>("--show")
        {
            Description = "Only show the settings in force and where each comes from (as 'warbler config')",
        };
        var sso = new Option<string?>("--sso")
        {
            Description = "Sign in as a user through the browser with the server's single sign-on provider NAME (GET /api/auth/providers lists them), and save the user's tokens",
            HelpName = "NAME",
        };
        var noBrowser = new Option<bool>("--no-browser")
        {
            Description = "With --sso: print the sign-in URL to open instead of opening a browser",
        };
        var command = new Command(
            "login",
            "Check keys against the server, then save them with its URL in your config folder for later commands.\n" +
            "--api-key (a gateway key, wk-…) and --admin-key name the keys; '-' reads one from standard input (both '-': the gateway key on the first line, the admin key on the second). " +
            "With neither, you are asked for both at a terminal (what you type is not shown), or the gateway key is read from standard input.\n" +
            "--url, WARBLER_URL or ./.env say which server (default: the saved login's, else " + ConnectionOptions.DefaultUrl + "). " +
            "A flag, variable or ./.env still wins over the saved login; 'warbler logout' removes it.\n" +
            "--sso NAME signs in as a user through the browser instead (single sign-on), and saves the user's tokens.")
        {
            show,
            sso,
            noBrowser,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(show))
            {
                ConfigCommand.Print(connection, parse);
                return ExitCodes.Ok;
            }

            // A saved login that cannot be read is replaced rather than standing in the way.
            var path = ConfigFile.Path;
            var saved = LoadOrNull(path);
            var server = connection.Server(parse, saved);
            if (parse.GetValue(sso) is { } provider)
            {
                await SsoLogin.RunAsync(server, provider, !parse.GetValue(noBrowser), path, saved, cancellationToken);
                return ExitCodes.Ok;
            }
            var (apiKey, adminKey) = ReadKeys(parse.GetValue(connection.ApiKey), parse.GetValue(connection.AdminKey));
            if (apiKey is not null)
            {
                await KeyCheck.ApiKeyAsync(server.Root, apiKey, cancellationToken);
            }

            if (adminKey is not null)
            {
                await KeyCheck.AdminKeyAsync(server.Root, adminKey, cancellationToken);
            }

            // A key not given now is kept from an earlier login to the same server; one for another server is not.
            var earlier = saved is not null && server.IsSameAs(saved.Url) ? saved : null;
            var login = new SavedLogin(
                server.Root.ToString(), apiKey ?? earlier?.ApiKey, adminKey ?? earlier?.AdminKey, earlier?.AccessToken, earlier?.RefreshToken, earlier?.AccessTokenExpiresAt, earlier?.User);
            ConfigFile.Save(path, login);

            var keys = new List<string>();
            if (login.ApiKey is { } savedApiKey)
            {
                keys.Add($"the gateway key {Secrets.Prefix(savedApiKey)}");
            }

            if (login.AdminKey is { } savedAdminKey)
            {
                keys.Add($"the admin key {Secrets.Prefix(savedAdminKey)}");
            }

            Console.Out.WriteLine($"Logged in to {login.Url} with {string.Join(" and ", keys)}.");
            Console.Out.WriteLine($"Saved to {path}{(OperatingSystem.IsWindows() ? "" : " (readable only by you)")}; 'warbler logout' removes it.");
            foreach (var name in (string[])[SettingNames.Url, SettingNames.ApiKey, SettingNames.AdminKey])
            {
                if (connection.Settings.Get(name) is { } overriding)
                {
                    Console.Error.WriteLine($"warbler: note: {overriding.Source} is set and wins over the saved login.");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static (string? ApiKey, string? AdminKey) ReadKeys(string? apiKeyFlag, string? adminKeyFlag)
    {
        string? apiKey, adminKey;
        if (apiKeyFlag is null && adminKeyFlag is null)
        {
            if (Console.IsInputRedirected)
            {
                apiKey = Line(Console.In.ReadLine());
                adminKey = null;
            }
            else
            {
                apiKey = Line(SecretPrompt.Read("Gateway key (wk-…; Enter to skip): "));
                adminKey = Line(SecretPrompt.Read("Admin key (Enter to skip): "));
            }
        }
        else
        {
            apiKey = apiKeyFlag == FromInput ? Line(Console.In.ReadLine()) : Line(apiKeyFlag);
            adminKey = adminKeyFlag == FromInput ? Line(Console.In.ReadLine()) : Line(adminKeyFlag);
            if ((apiKeyFlag is not null && apiKey is null) || (adminKeyFlag is not null && adminKey is null))
            {
                throw CliException.Usage($"No key on standard input for {(apiKeyFlag is not null && apiKey is null ? "--api-key" : "--admin-key")} -.");
            }
        }

        return apiKey is null && adminKey is null
            ? throw CliException.Usage("No key given: pass --api-key KEY and/or --admin-key KEY ('-' reads it from standard input), or type them when asked.")
            : (apiKey, adminKey);
    }

    private static string? Line(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static SavedLogin? LoadOrNull(string path)
    {
        try
        {
            return ConfigFile.Load(path);
        }
        catch (CliException)
        {
            return null;
        }
    }
}
