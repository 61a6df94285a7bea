using Warbler.Cli.Errors;

namespace Warbler.Cli.Connection;

/// <summary>
/// Where settings come from after the flags: the environment, then a <c>.env</c> file in the current
/// folder (only the tool's own <c>WARBLER_*</c> names are taken from it), then the saved login.
/// </summary>
internal sealed class Settings
{
    public const string EnvFileName = ".env";

    private readonly Dictionary<string, string> _file;
    private readonly Lazy<SavedLogin?> _saved;

    private Settings(Dictionary<string, string> file)
    {
        _file = file;
        _saved = new Lazy<SavedLogin?>(() => ConfigFile.TryPath() is { } path ? ConfigFile.Load(path) : null);
    }

    /// <summary>The saved login, or null when there is none (or no config folder to keep one in).</summary>
    public SavedLogin? Saved => _saved.Value;

    public static Settings Load()
    {
        // Every variable in the file is read, so that the old OPENAI_* names can be pointed out; only the tool's own are used.
        var file = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = System.IO.Path.Combine(Environment.CurrentDirectory, EnvFileName);
        if (File.Exists(path))
        {
            try
            {
                foreach (var (name, value) in DotNetEnv.Env.NoEnvVars().Load(path))
                {
                    file[name] = value;
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The parser's own exception types are not part of its API; any failure means the file is malformed or unreadable.
                throw CliException.Usage($"Cannot read {path}: {exception.Message.Split('\n', 2)[0].Trim()}");
            }
        }

        return new Settings(file);
    }

    /// <summary>The variable from the environment, else from <c>./.env</c>; null when unset or blank in both.</summary>
    public Setting? Get(string name)
    {
        if (Clean(Environment.GetEnvironmentVariable(name)) is { } value)
        {
            return new Setting(value, name);
        }

        return SettingNames.All.Contains(name) && Clean(_file.GetValueOrDefault(name)) is { } fromFile
            ? new Setting(fromFile, $"{name} in ./{EnvFileName}")
            : null;
    }

    /// <summary>
    /// The old names that are still set (in the environment or <c>./.env</c>) while their new ones
    /// are not, so an error can say what to rename.
    /// </summary>
    public IReadOnlyList<(string Old, string New)> StillUsingOldNames() =>
    [
        .. SettingNames.Renamed.Where(r =>
            (Clean(Environment.GetEnvironmentVariable(r.Old)) ?? Clean(_file.GetValueOrDefault(r.Old))) is not null && Get(r.New) is null),
    ];

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
