using Microsoft.Playwright;
using Warbler.Testing;
using Warbler.Testing.SignOn;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>
/// Single sign-on from the sign-in page, against a real OpenID Connect provider run by the test (which
/// signs its user in without a page of its own), on a Warbler of its own with that provider configured.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class SignOnTests(WebAppFixture app) : IAsyncLifetime
{
    private const string ClientSecret = "web-test-client-secret";
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "warbler-web-tests", Guid.NewGuid().ToString("N"));
    private readonly TestDatabase _database = TestDatabase.CreateNew();
    private OidcTestProvider _provider = null!;
    private ServerProcess? _server;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            return;
        }

        Directory.CreateDirectory(_workingDirectory);
        _provider = await OidcTestProvider.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["WARBLER_ADMIN_KEY"] = WebAppFixture.AdminKey,
            ["Auth__PasswordSignUp"] = "false",
            ["Auth__SignOn__Providers__test__DisplayName"] = "Test IdP",
            ["Auth__SignOn__Providers__test__Authority"] = _provider.Authority,
            ["Auth__SignOn__Providers__test__ClientId"] = "warbler",
            ["Auth__SignOn__Providers__test__ClientSecret"] = ClientSecret,
        };
        _database.ApplyToEnvironment(environment);
        _server = ServerProcess.Start(_workingDirectory, environment);
        await _server.WaitUntilListeningAsync();
        await _provider.AddClientAsync("warbler", ClientSecret, new Uri(_server.BaseAddress!, "/api/auth/sign-on/test/callback").ToString());
    }

    [ChromiumFact]
    public async Task SignInWithButton_ProviderSignsIn_ShowsTheUsersNameAndPicture()
    {
        _provider.AddUser(new OidcTestUser("web-user", WebAppFixture.NewEmail("web-sso"), Name: "Wendy Sso", Picture: "https://images.example.com/wendy.png"));
        _provider.SignInAs = "web-user";
        var page = await NewPageAsync();

        await page.GotoAsync("/signin");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create an account" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test IdP" }).ClickAsync();

        await Expect(page.Locator(".me-name")).ToHaveTextAsync("Wendy Sso");
        await Expect(page.Locator(".me-row img.avatar")).ToHaveAttributeAsync("src", "https://images.example.com/wendy.png");
    }

    [ChromiumFact]
    public async Task SignInPage_AfterAFailedSignOn_SaysWhatHappened()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/?signOnError=email-taken");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("An account already has this email");
        await Expect(page).ToHaveURLAsync(new Uri(_server!.BaseAddress!, "/signin").ToString());
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = _server!.BaseAddress!.ToString() });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }

        _database.Delete();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temporary folder.
        }
    }
}
