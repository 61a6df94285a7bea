using System.Net;
using System.Security.Cryptography;
using System.Text;
using Warbler.Client.Errors;
using Warbler.Testing;
using Warbler.Testing.SignOn;

namespace Warbler.Client.Tests.Auth;

/// <summary>A native app's single sign-on with the client library, against a real OpenID Connect provider; the test plays the browser.</summary>
public sealed class SignOnTests : IAsyncLifetime
{
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
            settings["Auth:SignOn:Providers:corp:ClientSecret"] = "client-test-secret";
        });
        await _provider.AddClientAsync("warbler", "client-test-secret", new Uri(_host.BaseAddress, "/api/auth/sign-on/corp/callback").ToString());
    }

    [Fact]
    public async Task SignInWithCodeAsync_CodeFromTheLoopbackCallback_SignsInOnceOnly()
    {
        _provider.AddUser(new OidcTestUser("app-user", "app-user@example.com", Name: "App User"));
        _provider.SignInAs = "app-user";
        using var client = new WarblerClient(_host.BaseAddress);
        var options = await client.GetSignInOptionsAsync();
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        using var browser = new SignOnBrowser(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _host.BaseAddress });

        var loopback = await browser.SignOnAsync(client.GetSignOnUrl("corp", 50123, "app-state-123", challenge).PathAndQuery);
        var code = Uri.UnescapeDataString(loopback.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("code=", StringComparison.Ordinal))["code=".Length..]);
        var tokens = await client.SignInWithCodeAsync(code, verifier);
        var me = await client.GetMeAsync();
        using var again = new WarblerClient(_host.BaseAddress);
        var replay = await Assert.ThrowsAsync<WarblerApiException>(() => again.SignInWithCodeAsync(code, verifier));

        Assert.Equal([("corp", "Corp")], options.Providers.Select(p => (p.Name, p.DisplayName)));
        Assert.Equal("http://127.0.0.1:50123/callback", loopback.GetLeftPart(UriPartial.Path));
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal("App User", me.DisplayName);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _provider.DisposeAsync();
    }
}
