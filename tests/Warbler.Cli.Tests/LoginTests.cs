using System.Text.Json.Nodes;

namespace Warbler.Cli.Tests;

/// <summary>
/// <c>warbler login</c>, <c>logout</c> and the saved login they keep, in a config folder of each
/// test's own (XDG_CONFIG_HOME), never the user's.
/// </summary>
[Collection(WarblerServerCollection.Name)]
public sealed class LoginTests : IDisposable
{
    private readonly WarblerServer _server;
    private readonly string _config = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));

    public LoginTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
    }

    private string ConfigFile => Path.Combine(_config, "warbler", "config.json");

    [Fact]
    public async Task Login_WithBothKeys_SavesThemOwnerOnlyAndLaterCommandsUseThem()
    {
        var key = await _server.CreateKeyAsync();

        var login = await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--api-key", key, "--admin-key", WarblerServer.AdminKey], Environment());
        var asked = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], Environment());
        var listed = await CliProcess.RunAsync(["providers", "list"], Environment());

        CliAssert.Succeeded(login);
        Assert.Equal(
            $"Logged in to {_server.Root} with the gateway key {key[..11]}… and the admin key {WarblerServer.AdminKey[..11]}….\n" +
            $"Saved to {ConfigFile} (readable only by you); 'warbler logout' removes it.\n",
            login.Output);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ConfigFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(ConfigFile)!));
        }

        var saved = JsonNode.Parse(await File.ReadAllTextAsync(ConfigFile))!;
        Assert.Equal(_server.Root.ToString(), saved["url"]!.GetValue<string>());
        Assert.Equal(key, saved["apiKey"]!.GetValue<string>());
        CliAssert.Succeeded(asked);
        Assert.Equal("Hello from the fake upstream.\n", asked.Output);
        CliAssert.Succeeded(listed);
    }

    [Fact]
    public async Task Login_WithTheKeyOnStandardInput_SavesItAndKeepsTheAdminKeySavedBefore()
    {
        var key = await _server.CreateKeyAsync();
        CliAssert.Succeeded(await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--admin-key", "-"], Environment(), input: WarblerServer.AdminKey + "\n"));

        var login = await CliProcess.RunAsync(["login", "--url", _server.Root.ToString()], Environment(), input: key + "\n");
        var asked = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], Environment());
        var listed = await CliProcess.RunAsync(["keys", "list"], Environment());

        CliAssert.Succeeded(login);
        Assert.DoesNotContain(key, login.Output + login.Errors, StringComparison.Ordinal);
        Assert.Contains($"the gateway key {key[..11]}… and the admin key {WarblerServer.AdminKey[..11]}…", login.Output, StringComparison.Ordinal);
        CliAssert.Succeeded(asked);
        CliAssert.Succeeded(listed);
    }

    [Fact]
    public async Task Login_WithARefusedKey_ExitsThreeAndSavesNothing()
    {
        var result = await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--api-key", "wk-this-key-does-not-exist"], Environment());

        var line = CliAssert.FailedWith(3, result);
        Assert.Contains("gateway key was refused (401)", line, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was saved.", line, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public async Task Login_WithAGatewayKeyAsTheAdminKey_ExitsThreeAndSavesNothing()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--admin-key", key], Environment());

        var line = CliAssert.FailedWith(3, result);
        Assert.Contains("admin key", line, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public async Task Login_WhenTheServerIsNotListening_ExitsFiveAndSavesNothing()
    {
        var url = $"http://127.0.0.1:{ErrorTests.ClosedPort()}/";

        var result = await CliProcess.RunAsync(["login", "--url", url, "--api-key", "wk-any"], Environment());

        var line = CliAssert.FailedWith(5, result);
        Assert.Contains(url, line, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public async Task Login_WithNoKeyOnStandardInput_ExitsTwoSayingHowToGiveOne()
    {
        var result = await CliProcess.RunAsync(["login", "--url", _server.Root.ToString()], Environment(), input: "");

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("No key given", line, StringComparison.Ordinal);
        Assert.Contains("--api-key", line, StringComparison.Ordinal);
        Assert.False(File.Exists(ConfigFile));
    }

    [Fact]
    public async Task SavedLogin_WithAnotherServersUrl_IsNotSentThere()
    {
        var key = await _server.CreateKeyAsync();
        CliAssert.Succeeded(await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--api-key", key], Environment()));
        var elsewhere = $"http://127.0.0.1:{ErrorTests.ClosedPort()}/";

        var result = await CliProcess.RunAsync(["ask", "--url", elsewhere, "Hi"], Environment());

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("No gateway key", line, StringComparison.Ordinal);
        Assert.Contains($"The saved login is for {_server.Root}, not {elsewhere}.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_RemovesTheSavedLogin_ThenAskSaysHowToGiveAKey()
    {
        var key = await _server.CreateKeyAsync();
        CliAssert.Succeeded(await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--api-key", key], Environment()));

        var logout = await CliProcess.RunAsync(["logout"], Environment());
        var again = await CliProcess.RunAsync(["logout"], Environment());
        var asked = await CliProcess.RunAsync(["ask", "--url", _server.Root.ToString(), "Hi"], Environment());

        CliAssert.Succeeded(logout);
        Assert.Equal($"Removed the saved login for {_server.Root} ({ConfigFile}).\n", logout.Output);
        Assert.False(File.Exists(ConfigFile));
        CliAssert.Succeeded(again);
        Assert.Equal($"There was no saved login ({ConfigFile}).\n", again.Output);
        Assert.Contains("'warbler login'", CliAssert.FailedWith(2, asked), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedLogin_ThatIsNotJson_ExitsTwoNamingTheFile_AndLoginReplacesIt()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
        await File.WriteAllTextAsync(ConfigFile, "{ not json");
        var key = await _server.CreateKeyAsync();

        var asked = await CliProcess.RunAsync(["ask", "Hi"], Environment());
        var login = await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--api-key", key], Environment());

        var line = CliAssert.FailedWith(2, asked);
        Assert.Contains($"Cannot read the saved login in {ConfigFile}", line, StringComparison.Ordinal);
        CliAssert.Succeeded(login);
        CliAssert.Succeeded(await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], Environment()));
    }

    [Fact]
    public async Task LoginShow_ListsTheSettingsWithKeyPrefixesOnly()
    {
        var key = await _server.CreateKeyAsync();
        CliAssert.Succeeded(await CliProcess.RunAsync(["login", "--url", _server.Root.ToString(), "--api-key", key], Environment()));

        var result = await CliProcess.RunAsync(["login", "--show"], Environment());

        CliAssert.Succeeded(result);
        Assert.Contains($"Gateway key: {key[..11]}… (from the saved login)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_config))
        {
            Directory.Delete(_config, recursive: true);
        }
    }

    private Dictionary<string, string> Environment() => new() { ["XDG_CONFIG_HOME"] = _config };
}
