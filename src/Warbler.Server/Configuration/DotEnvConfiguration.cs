using DotNetEnv;

namespace Warbler.Server.Configuration;

public static class DotEnvConfiguration
{
    /// <summary>
    /// Adds the variables of a <c>.env</c> file in <paramref name="folder"/>, ranked above
    /// <c>appsettings.json</c> and below real environment variables and the command line.
    /// Names follow the environment-variable rule: <c>Section__Key</c> is <c>Section:Key</c>.
    /// </summary>
    public static IConfigurationBuilder AddDotEnvFile(this IConfigurationManager configuration, string folder)
    {
        var path = Path.Combine(folder, ".env");
        if (!File.Exists(path))
        {
            return configuration;
        }

        var values = Env.NoEnvVars().NoClobber().Load(path)
            .GroupBy(pair => pair.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => (string?)group.Last().Value, StringComparer.OrdinalIgnoreCase);

        var sources = configuration.Sources;
        var firstEnvironmentSource = sources.ToList().FindIndex(source =>
            source is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        var dotEnv = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = values };
        if (firstEnvironmentSource < 0)
        {
            sources.Add(dotEnv);
        }
        else
        {
            sources.Insert(firstEnvironmentSource, dotEnv);
        }

        return configuration;
    }
}
