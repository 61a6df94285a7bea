using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>What an operator sees of the chat when starting Warbler: the real process, in a fresh folder.</summary>
public sealed class ChatStartTests : IDisposable
{
    /// <summary>Generous: a busy machine can take a minute to start a server process, and the wait ends once it listens.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-chat-start-").FullName;

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

    [Fact]
    public async Task FirstStart_CreatesTheRolesAndTheDefaultBot_AndSaysSo()
    {
        var database = TestDatabase.CreateMissing();
        var environment = new Dictionary<string, string>();
        database.ApplyToEnvironment(environment);
        try
        {
            await using var server = ServerProcess.Start(_folder, environment);

            await server.WaitUntilListeningAsync(StartTimeout);

            Assert.Contains("Created the role admin.", server.Output, StringComparison.Ordinal);
            Assert.Contains("Created the role user.", server.Output, StringComparison.Ordinal);
            Assert.Contains("Created the default bot @assistant with model demo", server.Output, StringComparison.Ordinal);
        }
        finally
        {
            database.Delete();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
