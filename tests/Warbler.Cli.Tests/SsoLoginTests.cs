using System.Net;
using System.Text.Json.Nodes;
using Warbler.Testing;
using Warbler.Testing.SignOn;

namespace Warbler.Cli.Tests;

/// <summary>
/// <c>warbler login --sso</c> against a Warbler that signs in with a real OpenID Connect provider run
/// by the test; the test plays the browser the command would open.
/// </summary>
public sealed class SsoLoginTests : IAsyncLifetime, IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));
    private OidcTestProvider _provider = null!;
    private GatewayHost _host = null!;

    public async Task InitializeAsync()
    {
        _provider = await OidcTestProvider.StartAsync();
        _host = await GatewayHost.StartAsync(kestrel: true, configure: settings =>
        {
            settings["Auth:SignOn:Providers:corp:DisplayName"] = "Corp";
            settings["Auth:SignOn:Providers:corp:Authority"] = _provider.Authority;
            settings["Auth:SignOn:Providers:corp:ClientId"] = "warbler";
            settings["Auth:SignOn:Providers:corp:ClientSecret"] = "cli-test-client-secret";
        });
        await _provider.AddClientAsync("warbler", "cli-test-client-secret", new Uri(_host.BaseAddress, "/api/auth/sign-on/corp/callback").ToString());
    }

    [Fact]
    public async Task LoginSso_BrowserSignsIn_SavesTheUsersTokens()
    {
        _provider.AddUser(new OidcTestUser("cli-user", "cli-user@example.com", Name: "Cli User"));
        _provider.SignInAs = "cli-user";
        await using var cli = CliSession.Start(["login", "--sso", "corp", "--no-browser", "--url", _host.BaseAddress.ToString()], Environment());
        await cli.WaitForAsync(c => c.Errors.Contains("/cli?port=", StringComparison.Ordinal), "the sign-in URL");
        var url = new Uri(cli.Errors.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("http", StringComparison.Ordinal)));

        using var browser = new SignOnBrowser(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _host.BaseAddress });
        var loopback = await browser.SignOnAsync(url.PathAndQuery);
        using var page = await browser.GetAsync(loopback);

        Assert.Equal("127.0.0.1", loopback.Host);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Signed in", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.Contains("Logged in to", cli.Output, StringComparison.Ordinal);
        Assert.Contains("as Cli User (cli-user@example.com) with corp.", cli.Output, StringComparison.Ordinal);
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_config, "warbler", "config.json")))!;
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", saved["accessToken"]!.GetValue<string>());
        var me = await client.GetFromJsonAsync<JsonObject>("/api/me");
        Assert.Equal("cli-user@example.com", me!["email"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(saved["refreshToken"]?.GetValue<string>()));

        // A key of the user's own was made and saved, so ask works at once, charged to them.
        Assert.Contains("Made a gateway key of yours for ask and chat", cli.Output, StringComparison.Ordinal);
        var keys = await client.GetFromJsonAsync<JsonArray>("/api/me/keys");
        var key = Assert.Single(keys!);
        Assert.StartsWith(key!["prefix"]!.GetValue<string>(), saved["apiKey"]!.GetValue<string>(), StringComparison.Ordinal);
        var asked = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], Environment());
        CliAssert.Succeeded(asked);
        Assert.False(string.IsNullOrWhiteSpace(asked.Output));
    }

    [Fact]
    public async Task LoginSso_AfterALoginWithAKey_KeepsThatKeyAndMakesNone()
    {
        _provider.AddUser(new OidcTestUser("key-user", "key-user@example.com", Name: "Key User"));
        _provider.SignInAs = "key-user";
        var key = await _host.CreateKeyAsync();
        CliAssert.Succeeded(await CliProcess.RunAsync(["login", "--url", _host.BaseAddress.ToString(), "--api-key", key], Environment()));
        await using var cli = CliSession.Start(["login", "--sso", "corp", "--no-browser", "--url", _host.BaseAddress.ToString()], Environment());
        await cli.WaitForAsync(c => c.Errors.Contains("/cli?port=", StringComparison.Ordinal), "the sign-in URL");
        var url = new Uri(cli.Errors.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("http", StringComparison.Ordinal)));

        using var browser = new SignOnBrowser(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _host.BaseAddress });
        using var page = await browser.GetAsync(await browser.SignOnAsync(url.PathAndQuery));

        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.DoesNotContain("Made a gateway key", cli.Output, StringComparison.Ordinal);
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_config, "warbler", "config.json")))!;
        Assert.Equal(key, saved["apiKey"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(saved["accessToken"]?.GetValue<string>()));
    }

    [Fact]
    public async Task LoginSso_UnknownProvider_NamesTheServersProviders()
    {
        var result = await CliProcess.RunAsync(["login", "--sso", "nobody", "--no-browser", "--url", _host.BaseAddress.ToString()], Environment());

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no single sign-on provider 'nobody'; it has: corp (Corp).", result.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_config, "warbler", "config.json")));
    }

    private Dictionary<string, string> Environment() => new() { ["XDG_CONFIG_HOME"] = _config };

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_config))
        {
            Directory.Delete(_config, recursive: true);
        }
    }
}
