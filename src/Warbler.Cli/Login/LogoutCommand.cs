using System.CommandLine;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Login;

/// <summary><c>warbler logout</c>: removes the saved login. Settings in flags, the environment or <c>./.env</c> are untouched.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var command = new Command("logout", "Remove the login saved by 'warbler login' (its URL and keys)");
        command.SetAction(_ =>
        {
            var path = ConfigFile.Path;
            string? url;
            try
            {
                url = ConfigFile.Load(path)?.Url;
            }
            catch (CliException)
            {
                url = "an unknown server (the file could not be read)";
            }

            Console.Out.WriteLine(ConfigFile.Delete(path)
                ? $"Removed the saved login for {url} ({path})."
                : $"There was no saved login ({path}).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
