using Warbler.Testing;

namespace Warbler.Chat.Tests.Files;

/// <summary>What an operator sees of a bad <c>Chat:Files</c> setting: the real process stops at start, naming it.</summary>
public sealed class FilesStartTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-files-start-").FullName;

    [Fact]
    public async Task Start_S3StoreWithoutBucket_StopsWithMessageNamingTheSetting()
    {
        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string> { ["Chat__Files__Store"] = "s3" });

        var exitCode = await server.WaitForExitAsync(StartTimeout);

        Assert.Equal(2, exitCode);
        Assert.Contains("configuration is invalid", server.Errors, StringComparison.Ordinal);
        Assert.Contains("Chat:Files:S3:Bucket must be set", server.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
