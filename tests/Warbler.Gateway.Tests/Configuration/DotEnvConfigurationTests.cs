using Microsoft.AspNetCore.Builder;
using Warbler.Server.Configuration;

namespace Warbler.Gateway.Tests.Configuration;

/// <summary>
/// Configuration sources rank, later ones winning: appsettings.json, .env, environment
/// variables, command line.
/// </summary>
public sealed class DotEnvConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-dotenv-").FullName;

    [Fact]
    public void AddDotEnvFile_FileWithSectionKeys_IsReadWithDoubleUnderscoreAsSeparator()
    {
        File.WriteAllText(Path.Combine(_folder, ".env"), """
            # Providers for local development
            OPENAI_API_KEY=sk-from-dotenv
            Providers__local__BaseUrl="http://127.0.0.1:11434/v1"
            Gateway__MaxRequestBodyBytes=4096
            """);
        var builder = WebApplication.CreateBuilder();

        builder.Configuration.AddDotEnvFile(_folder);

        Assert.Equal("sk-from-dotenv", builder.Configuration["OPENAI_API_KEY"]);
        Assert.Equal("http://127.0.0.1:11434/v1", builder.Configuration["Providers:local:BaseUrl"]);
        Assert.Equal("4096", builder.Configuration["Gateway:MaxRequestBodyBytes"]);
    }

    [Fact]
    public void AddDotEnvFile_SameKeyInEnvironmentAndCommandLine_TheyWin()
    {
        var fromEnvironment = $"WARBLER_TEST_{Guid.NewGuid():N}";
        var fromCommandLine = $"WARBLER_TEST_{Guid.NewGuid():N}";
        File.WriteAllText(Path.Combine(_folder, ".env"), $"{fromEnvironment}=dotenv\n{fromCommandLine}=dotenv\n");
        Environment.SetEnvironmentVariable(fromEnvironment, "environment");
        try
        {
            var builder = WebApplication.CreateBuilder([$"--{fromCommandLine}=command-line"]);

            builder.Configuration.AddDotEnvFile(_folder);

            Assert.Equal("environment", builder.Configuration[fromEnvironment]);
            Assert.Equal("command-line", builder.Configuration[fromCommandLine]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(fromEnvironment, null);
        }
    }

    [Fact]
    public void AddDotEnvFile_SameKeyInAppSettings_DotEnvWins()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{ "Gateway": { "MaxRequestBodyBytes": 1111 } }""");
        File.WriteAllText(Path.Combine(_folder, ".env"), "Gateway__MaxRequestBodyBytes=2222\n");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _folder });

        builder.Configuration.AddDotEnvFile(_folder);

        Assert.Equal("2222", builder.Configuration["Gateway:MaxRequestBodyBytes"]);
    }

    [Fact]
    public void AddDotEnvFile_NoFile_ChangesNothing()
    {
        var builder = WebApplication.CreateBuilder();
        var sources = builder.Configuration.Sources.Count;

        builder.Configuration.AddDotEnvFile(_folder);

        Assert.Equal(sources, builder.Configuration.Sources.Count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
