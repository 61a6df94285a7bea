using System.Text.Json.Nodes;
using Warbler.Testing;

namespace Warbler.Cli.Tests;

/// <summary>
/// The tool's settings never collide with the server's: a <c>.env</c> written for the tool, in the
/// folder a server starts from, gives that server no upstream provider.
/// </summary>
public sealed class ServerFolderTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DotEnvWrittenForTheTool_InTheServersFolder_DefinesNoProvider()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), """
            WARBLER_URL=http://localhost:5080
            WARBLER_API_KEY=wk-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
            WARBLER_MODEL=gpt-4o-mini
            """);
        await using var server = ServerProcess.Start(_folder, new Dictionary<string, string>
        {
            ["WARBLER_ADMIN_KEY"] = WarblerServer.AdminKey,
            ["ConnectionStrings__Warbler"] = $"Data Source={Path.Combine(_folder, "warbler.db")}",
        });
        await server.WaitUntilListeningAsync();

        var result = await CliProcess.RunAsync(
            ["providers", "list", "--json"],
            new Dictionary<string, string> { ["WARBLER_URL"] = server.BaseAddress!.ToString(), ["WARBLER_ADMIN_KEY"] = WarblerServer.AdminKey },
            workingDirectory: _folder);

        CliAssert.Succeeded(result);
        var providers = JsonNode.Parse(result.Output)!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["demo"], providers);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open stays in the temporary folder.
        }

        return Task.CompletedTask;
    }
}
