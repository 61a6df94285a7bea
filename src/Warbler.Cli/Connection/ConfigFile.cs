using System.Text;
using System.Text.Json;
using Warbler.Cli.Errors;

namespace Warbler.Cli.Connection;

/// <summary>
/// The saved login, in the user's config folder: <c>$XDG_CONFIG_HOME/warbler/config.json</c>, else
/// <c>~/.config/warbler/config.json</c>; <c>%APPDATA%\warbler\config.json</c> on Windows. On Unix the
/// file is readable by its owner only (0600), in a folder only the owner may enter (0700).
/// </summary>
internal static class ConfigFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The file's path; .NET maps ApplicationData to XDG_CONFIG_HOME or ~/.config on Unix, %APPDATA% on Windows.</summary>
    public static string Path =>
        TryPath() ?? throw CliException.Usage("Cannot find your config folder to keep the login in: set HOME or XDG_CONFIG_HOME.");

    /// <summary>The file's path, or null when there is no config folder (no HOME).</summary>
    public static string? TryPath()
    {
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return string.IsNullOrEmpty(folder) ? null : System.IO.Path.Combine(folder, "warbler", "config.json");
    }

    /// <summary>The saved login, or null when there is none.</summary>
    public static SavedLogin? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var login = JsonSerializer.Deserialize<SavedLogin>(File.ReadAllText(path), Json);
            return login is { Url.Length: > 0 } ? login : throw new JsonException("no url");
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"Cannot read the saved login in {path} ({exception.Message.Split('\n', 2)[0].Trim()}); run 'warbler login' again, or 'warbler logout' to remove it.");
        }
    }

    /// <summary>Writes the login to a new file created owner-only, then moves it over the old one, so no moment exposes it.</summary>
    public static void Save(string path, SavedLogin login)
    {
        var folder = System.IO.Path.GetDirectoryName(path)!;
        var temporary = path + ".new";
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, JsonSerializer.Serialize(login, Json), Encoding.UTF8);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(login, Json)));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the saved login; false when there was none.</summary>
    public static bool Delete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
