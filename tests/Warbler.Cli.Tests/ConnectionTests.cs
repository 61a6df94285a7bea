namespace Warbler.Cli.Tests;

/// <summary>
/// Where the URL and keys come from: a flag, else the environment, else <c>./.env</c> (only the
/// tool's WARBLER_* names), else the saved login, else the default URL.
/// </summary>
[Collection(WarblerServerCollection.Name)]
public sealed class ConnectionTests : IDisposable
{
    private readonly WarblerServer _server;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));
    private readonly string _config;

    public ConnectionTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
        Directory.CreateDirectory(_folder);
        _config = Path.Combine(_folder, "config");
    }

    [Fact]
    public async Task DotEnvFile_WithTheToolsOwnNames_SuppliesUrlKeysAndModel()
    {
        var key = await _server.CreateKeyAsync();
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), $"""
            # Warbler on this machine
            WARBLER_URL={_server.Root}
            WARBLER_API_KEY="{key}"
            WARBLER_MODEL=other-model
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
    public async Task DotEnvFile_WithTheOldOpenAINames_IsNotReadAndTheErrorSaysWhatToRename()
    {
        var key = await _server.CreateKeyAsync();
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), $"OPENAI_BASE_URL={_server.BaseUrl}\nOPENAI_API_KEY={key}\n");

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], workingDirectory: _folder);

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("No gateway key", line, StringComparison.Ordinal);
        Assert.Contains("rename OPENAI_BASE_URL to WARBLER_URL and OPENAI_API_KEY to WARBLER_API_KEY", line, StringComparison.Ordinal);
        Assert.Empty(_server.Upstream.Requests);
    }

    [Fact]
    public async Task Environment_WinsOverDotEnv_AndFlagsWinOverBoth()
    {
        var key = await _server.CreateKeyAsync();
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), $"WARBLER_URL={_server.Root}\nWARBLER_API_KEY=wk-from-dotenv-refused\n");

        var dotEnvOnly = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], workingDirectory: _folder);
        var environmentWins = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], new Dictionary<string, string> { ["WARBLER_API_KEY"] = key }, workingDirectory: _folder);
        var flagWins = await CliProcess.RunAsync(
            ["ask", "--model", "fake-model", "--api-key", key, "Hi"], new Dictionary<string, string> { ["WARBLER_API_KEY"] = "wk-from-environment-refused" }, workingDirectory: _folder);

        Assert.Contains("gateway key (from WARBLER_API_KEY in ./.env) was refused", CliAssert.FailedWith(3, dotEnvOnly), StringComparison.Ordinal);
        CliAssert.Succeeded(environmentWins);
        CliAssert.Succeeded(flagWins);
    }

    [Fact]
    public async Task Config_ShowsEachSettingFromTheFirstPlaceThatHasIt_FlagEnvironmentDotEnvSavedLogin()
    {
        var savedKey = await _server.CreateKeyAsync();
        CliAssert.Succeeded(await CliProcess.RunAsync(
            ["login", "--url", _server.Root.ToString(), "--api-key", savedKey, "--admin-key", WarblerServer.AdminKey], Config()));
        await File.WriteAllTextAsync(Path.Combine(_folder, ".env"), "WARBLER_API_KEY=wk-dotenv-0123456789abcdef0123456789\nWARBLER_MODEL=other-model\n");
        var environment = Config();
        environment["WARBLER_ADMIN_KEY"] = "wk-environment-0123456789abcdef0123456789";

        var dotEnvOverSaved = await CliProcess.RunAsync(["config"], Config(), workingDirectory: _folder);
        var layered = await CliProcess.RunAsync(["config", "--url", $"{_server.Root}v1"], environment, workingDirectory: _folder);
        var flagOverAll = await CliProcess.RunAsync(["config", "--api-key", "wk-flag-0123456789abcdef0123456789"], environment, workingDirectory: _folder);

        CliAssert.Succeeded(dotEnvOverSaved);
        Assert.Contains($"URL:         {_server.Root} (from the saved login)", dotEnvOverSaved.Output, StringComparison.Ordinal);
        Assert.Contains("Gateway key: wk-dotenv-0… (from WARBLER_API_KEY in ./.env)", dotEnvOverSaved.Output, StringComparison.Ordinal);
        Assert.Contains($"Admin key:   {WarblerServer.AdminKey[..11]}… (from the saved login)", dotEnvOverSaved.Output, StringComparison.Ordinal);
        Assert.Contains("Model:       other-model (from WARBLER_MODEL in ./.env)", dotEnvOverSaved.Output, StringComparison.Ordinal);
        Assert.Contains($"Saved login: {Path.Combine(_config, "warbler", "config.json")}, for {_server.Root}", dotEnvOverSaved.Output, StringComparison.Ordinal);

        CliAssert.Succeeded(layered);
        Assert.Contains($"URL:         {_server.Root} (from --url)", layered.Output, StringComparison.Ordinal);
        Assert.Contains("Admin key:   wk-environm… (from WARBLER_ADMIN_KEY)", layered.Output, StringComparison.Ordinal);

        CliAssert.Succeeded(flagOverAll);
        Assert.Contains("Gateway key: wk-flag-012… (from --api-key)", flagOverAll.Output, StringComparison.Ordinal);

        foreach (var output in (string[])[dotEnvOverSaved.Output, layered.Output, flagOverAll.Output])
        {
            Assert.DoesNotContain(savedKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain(WarblerServer.AdminKey, output, StringComparison.Ordinal);
            Assert.DoesNotContain("0123456789abcdef", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Config_WithNothingSet_ShowsTheDefaultUrlAndHowToGiveEachKey()
    {
        var result = await CliProcess.RunAsync(["config"], Config());

        CliAssert.Succeeded(result);
        Assert.Contains("URL:         http://localhost:5080/ (from the default)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Gateway key: not set (needed by ask and chat: --api-key, WARBLER_API_KEY or 'warbler login')", result.Output, StringComparison.Ordinal);
        Assert.Contains("Saved login: none (", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedDotEnv_ExitsTwoNamingTheFile()
    {
        var path = Path.Combine(_folder, ".env");
        await File.WriteAllTextAsync(path, "WARBLER_API_KEY=\"never closed\nWARBLER_URL=x\n");

        var result = await CliProcess.RunAsync(["ask", "Hi"], workingDirectory: _folder);

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains($"Cannot read {path}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_GivenWithItsV1_ServesBothKindsOfCommand()
    {
        var key = await _server.CreateKeyAsync();
        var environment = new Dictionary<string, string>
        {
            ["WARBLER_URL"] = _server.BaseUrl,
            ["WARBLER_API_KEY"] = key,
            ["WARBLER_ADMIN_KEY"] = WarblerServer.AdminKey,
        };

        var asked = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], environment);
        var listed = await CliProcess.RunAsync(["providers", "list"], environment);

        CliAssert.Succeeded(asked);
        CliAssert.Succeeded(listed);
    }

    [Fact]
    public async Task Help_DescribesEveryCommandAndFlag()
    {
        var root = await CliProcess.RunAsync(["--help"]);
        var ask = await CliProcess.RunAsync(["ask", "--help"]);
        var keysCreate = await CliProcess.RunAsync(["keys", "create", "--help"]);
        var login = await CliProcess.RunAsync(["login", "--help"]);

        CliAssert.Succeeded(root);
        foreach (var command in (string[])["ask", "chat", "keys", "usage", "providers", "login", "logout", "config"])
        {
            Assert.Matches($@"(?m)^\s+{command}\b.*\S.*\w", root.Output);
        }

        Assert.Contains("Exit codes: 0 ok, 1 other error, 2 bad usage, 3 key refused, 4 rate-limited, 5 server unreachable", root.Output, StringComparison.Ordinal);
        foreach (var variable in (string[])["WARBLER_URL", "WARBLER_API_KEY", "WARBLER_ADMIN_KEY"])
        {
            Assert.Contains(variable, root.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("OPENAI_", root.Output + ask.Output, StringComparison.Ordinal);
        foreach (var flag in (string[])["--model", "--system", "--temperature", "--top-p", "--max-tokens", "--frequency-penalty", "--presence-penalty", "--json", "--url", "--api-key"])
        {
            Assert.Matches($@"(?m)^\s+(-\w, )?{flag}\b.*\s{{2,}}\S+", ask.Output);
        }

        Assert.Contains("--requests-per-minute", keysCreate.Output, StringComparison.Ordinal);
        Assert.Contains("--expires", keysCreate.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+-q, --quiet\b", keysCreate.Output);
        Assert.Contains("--show", login.Output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The environment with this test's own config folder.</summary>
    private Dictionary<string, string> Config() => new() { ["XDG_CONFIG_HOME"] = _config };
}
