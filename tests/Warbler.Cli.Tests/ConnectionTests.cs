namespace Warbler.Cli.Tests;

/// <summary>Where the base URL and keys come from: flags, then the environment, then <c>.env</c> in the current folder.</summary>
[Collection(WarblerServerCollection.Name)]
public sealed class ConnectionTests : IDisposable
{
    private readonly WarblerServer _server;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));

    public ConnectionTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
        Directory.CreateDirectory(_folder);
    }

    [Fact]
    public async Task DotEnvFile_InTheCurrentFolder_SuppliesUrlKeysAndModel()
    {
        var key = await _server.CreateKeyAsync();
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), $"""
            # Warbler on this machine
            OPENAI_BASE_URL={_server.BaseUrl}
            OPENAI_API_KEY="{key}"
            OPENAI_MODEL=other-model
            WARBLER_ADMIN_KEY={WarblerServer.AdminKey}
            """);

        var asked = await CliProcess.RunAsync(["ask", "Hi"], workingDirectory: _folder);
        var listed = await CliProcess.RunAsync(["providers", "list"], workingDirectory: _folder);

        CliAssert.Succeeded(asked);
        Assert.Equal("other-model", Assert.Single(_server.ChatRequests())["model"]!.GetValue<string>());
        CliAssert.Succeeded(listed);
        Assert.Contains("healthy", listed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_WinsOverDotEnv_AndFlagsWinOverBoth()
    {
        var key = await _server.CreateKeyAsync();
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), $"OPENAI_BASE_URL={_server.BaseUrl}\nOPENAI_API_KEY=wk-from-dotenv-refused\n");

        var dotEnvOnly = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], workingDirectory: _folder);
        var environmentWins = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], new Dictionary<string, string> { ["OPENAI_API_KEY"] = key }, workingDirectory: _folder);
        var flagWins = await CliProcess.RunAsync(
            ["ask", "--model", "fake-model", "--api-key", key, "Hi"], new Dictionary<string, string> { ["OPENAI_API_KEY"] = "wk-from-environment-refused" }, workingDirectory: _folder);

        CliAssert.FailedWith(3, dotEnvOnly);
        CliAssert.Succeeded(environmentWins);
        CliAssert.Succeeded(flagWins);
    }

    [Fact]
    public async Task MalformedDotEnv_ExitsTwoNamingTheFile()
    {
        var path = Path.Combine(_folder, ".env");
        await File.WriteAllTextAsync(path, "OPENAI_API_KEY=\"never closed\nOPENAI_BASE_URL=x\n");

        var result = await CliProcess.RunAsync(["ask", "Hi"], workingDirectory: _folder);

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains($"Cannot read {path}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminCommands_UseWarblerUrl_OverTheBaseUrlsRoot()
    {
        var environment = _server.Environment(admin: true);
        environment["OPENAI_BASE_URL"] = "http://127.0.0.1:9/v1";
        environment["WARBLER_URL"] = _server.Root.ToString();

        var result = await CliProcess.RunAsync(["providers", "list"], environment);

        CliAssert.Succeeded(result);
    }

    [Fact]
    public async Task Help_DescribesEveryCommandAndFlag()
    {
        var root = await CliProcess.RunAsync(["--help"]);
        var ask = await CliProcess.RunAsync(["ask", "--help"]);
        var keysCreate = await CliProcess.RunAsync(["keys", "create", "--help"]);

        CliAssert.Succeeded(root);
        foreach (var command in (string[])["ask", "chat", "keys", "usage", "providers"])
        {
            Assert.Matches($@"(?m)^\s+{command}\b.*\S.*\w", root.Output);
        }

        Assert.Contains("Exit codes: 0 ok, 1 other error, 2 bad usage, 3 key refused, 4 rate-limited, 5 server unreachable", root.Output, StringComparison.Ordinal);
        foreach (var flag in (string[])["--model", "--system", "--temperature", "--top-p", "--max-tokens", "--frequency-penalty", "--presence-penalty", "--json", "--base-url", "--api-key"])
        {
            Assert.Matches($@"(?m)^\s+(-\w, )?{flag}\b.*\s{{2,}}\S+", ask.Output);
        }

        Assert.Contains("--requests-per-minute", keysCreate.Output, StringComparison.Ordinal);
        Assert.Contains("--expires", keysCreate.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
