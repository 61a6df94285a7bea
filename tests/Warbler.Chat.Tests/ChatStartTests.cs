using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>What an operator sees of the chat when starting Warbler: the real process, in a fresh folder.</summary>
public sealed class ChatStartTests : IDisposable
{
    /// <summary>Generous: a busy machine can take a minute to start a server process, and the wait ends once it listens.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-chat-start-").FullName;

    [Theory]
    [InlineData("Chat__Auth__LoginAttemptsPerMinute", "0", "Chat:Auth:LoginAttemptsPerMinute")]
    [InlineData("Chat__Auth__LoginAttemptsPerMinute", "10001", "Chat:Auth:LoginAttemptsPerMinute")]
    [InlineData("Chat__DefaultModel", " ", "Chat:DefaultModel")]
    [InlineData("Chat__RecallWindow", "-00:00:01", "Chat:RecallWindow")]
    [InlineData("Chat__Tools__MaxRounds", "1", "Chat:Tools:MaxRounds")]
    [InlineData("Chat__Tools__CallTimeout", "00:00:00", "Chat:Tools:CallTimeout")]
    public async Task Start_InvalidSetting_StopsWithMessageNamingTheSetting(string variable, string value, string named)
    {
        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string> { [variable] = value });

        var exitCode = await server.WaitForExitAsync(StartTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("configuration is invalid", server.Errors, StringComparison.Ordinal);
        Assert.Contains(named, server.Errors, StringComparison.Ordinal);
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
