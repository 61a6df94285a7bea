using System.CommandLine;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Login;

/// <summary><c>warbler config</c>: each setting in force and where it comes from; secrets by their prefix only.</summary>
internal static class ConfigCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("config", "Show the settings in force and where each comes from (flag, environment, ./.env, saved login, default); keys by their prefix only");
        command.SetAction(parse =>
        {
            Print(connection, parse);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void Print(ConnectionOptions connection, ParseResult parse)
    {
        var server = connection.Server(parse);
        var apiKey = connection.Key(parse, connection.ApiKey, SettingNames.ApiKey, server, l => l.ApiKey);
        var adminKey = connection.Key(parse, connection.AdminKey, SettingNames.AdminKey, server, l => l.AdminKey);
        var model = connection.Settings.Get(SettingNames.Model);
        var path = ConfigFile.TryPath();
        var saved = connection.Settings.Saved;

        Row("URL", $"{server.Root} (from {server.Source})");
        Row("Gateway key", apiKey is null ? $"not set (needed by ask and chat: --api-key, {SettingNames.ApiKey} or 'warbler login')" : $"{Secrets.Prefix(apiKey.Value)} (from {apiKey.Source})");
        Row("Admin key", adminKey is null ? $"not set (needed by keys, usage and providers: --admin-key, {SettingNames.AdminKey} or 'warbler login')" : $"{Secrets.Prefix(adminKey.Value)} (from {adminKey.Source})");
        Row("Model", model is null ? "the first model the server lists" : $"{model.Value} (from {model.Source})");
        Row("Saved login", path is null ? "none (no config folder: set HOME or XDG_CONFIG_HOME)" : saved is null ? $"none ({path})" : $"{path}, for {saved.Url}");
        foreach (var (old, replacement) in connection.Settings.StillUsingOldNames())
        {
            Console.Out.WriteLine($"Note: {old} is set but no longer read by warbler; {replacement} replaces it.");
        }
    }

    private static void Row(string name, string value) => Console.Out.WriteLine($"{name + ":",-13}{value}");
}
