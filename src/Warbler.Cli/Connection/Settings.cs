using Warbler.Cli.Errors;

namespace Warbler.Cli.Connection;

/// <summary>
/// Settings read from the environment, then from a <c>.env</c> file in the current folder:
/// a variable set in the environment wins over the same one in the file.
/// </summary>
internal sealed class Settings
{
    public const string EnvFileName = ".env";

    private readonly Dictionary<string, string> _file;

    private Settings(Dictionary<string, string> file) => _file = file;

    public static Settings Load()
    {
        var file = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(Environment.CurrentDirectory, EnvFileName);
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

    /// <summary>The variable's value, or null when it is unset or blank in both places.</summary>
    public string? Get(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = _file.GetValueOrDefault(name);
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
