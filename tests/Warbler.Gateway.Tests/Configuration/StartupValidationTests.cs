using Warbler.Testing;

namespace Warbler.Gateway.Tests.Configuration;

/// <summary>
/// Which settings stop a start, and the failure naming them: the server's own start-up checks, in
/// process (see <see cref="StartupChecks"/>). <see cref="ServerStartTests"/> shows, on a real process, what an operator then reads and the exit code.
/// </summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Providers:bad:BaseUrl", "not a url", "Providers:bad:BaseUrl")]
    [InlineData("Providers:bad:Weight", "0", "Providers:bad:Weight")]
    [InlineData("Providers:bad:Timeouts:Idle", "60.00:00:00", "Providers:bad:Timeouts:Idle")]
    [InlineData("Providers:bad:Timeouts:Total", "00:00:00", "Providers:bad:Timeouts:Total")]
    [InlineData("Providers:bad:ApiKey", "wk-a-warbler-key-0123456789", "Providers:bad:ApiKey (or ApiKeyEnvironmentVariable) holds a Warbler key")]
    [InlineData("Gateway:Retry:MaxRetries", "50", "Gateway:Retry:MaxRetries")]
    [InlineData("Responses:Retention", "00:00:00", "Responses:Retention")]
    [InlineData("WARBLER_ADMIN_KEY", "short", "WARBLER_ADMIN_KEY")]
    [InlineData("Pricing:Models:gpt-4o:Output", "-1", "Pricing:Models:gpt-4o:Output must not be negative")]
    [InlineData("Chat:UserLimits:BotRequestsPerMinute", "-1", "Chat:UserLimits:BotRequestsPerMinute")]
    [InlineData("Cors:ChatOrigins:0", "*", "Cors:ChatOrigins takes exact origins")]
    [InlineData("Cors:ChatOrigins:0", "https://chat.example.com/", "Cors:ChatOrigins takes exact origins")]
    [InlineData("Redis:Configuration", "localhost,nosuchoption=1", "Redis:Configuration")]
    [InlineData("Redis:Prefix", "two words", "Redis:Prefix")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider is Sqlite or Postgres")]
    [InlineData("Database:Provider", "PostgreSQL", "ConnectionStrings:Warbler must be set")]
    public async Task Start_InvalidSetting_FailsNamingTheSetting(string setting, string value, string named)
    {
        var failures = await StartupChecks.FailuresAsync(settings =>
        {
            settings[setting] = value;
            if (setting.StartsWith("Providers:bad:", StringComparison.Ordinal) && setting != "Providers:bad:BaseUrl")
            {
                settings["Providers:bad:BaseUrl"] = "http://127.0.0.1:9/v1";
            }

            if (setting == "Database:Provider")
            {
                settings["ConnectionStrings:Warbler"] = null;
            }
        });

        Assert.Contains(failures, message => message.Contains(named, StringComparison.Ordinal));
    }
}
