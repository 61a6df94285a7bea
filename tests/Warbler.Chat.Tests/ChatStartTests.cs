using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>
/// Which chat settings stop a start. What a first start of the real process creates and says is in
/// <see cref="FirstStartLogTests"/>, which starts one anyway.
/// </summary>
public sealed class ChatStartTests
{
    // Which settings stop a start is checked in process; the gateway's ServerStartTests show the real process's message and exit code.
    [Theory]
    [InlineData("Chat:Auth:LoginAttemptsPerMinute", "0", "Chat:Auth:LoginAttemptsPerMinute")]
    [InlineData("Chat:Auth:LoginAttemptsPerMinute", "10001", "Chat:Auth:LoginAttemptsPerMinute")]
    [InlineData("Chat:DefaultModel", " ", "Chat:DefaultModel")]
    [InlineData("Chat:RecallWindow", "-00:00:01", "Chat:RecallWindow")]
    [InlineData("Chat:Tools:MaxRounds", "1", "Chat:Tools:MaxRounds")]
    [InlineData("Chat:Tools:CallTimeout", "00:00:00", "Chat:Tools:CallTimeout")]
    public async Task Start_InvalidSetting_FailsNamingTheSetting(string setting, string value, string named)
    {
        var failures = await StartupChecks.FailuresAsync(settings => settings[setting] = value);

        Assert.Contains(failures, message => message.Contains(named, StringComparison.Ordinal));
    }
}
