using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Web.Tests;

/// <summary>
/// Warbler started as an operator starts it (its own process, a fresh SQLite file, a real port),
/// in front of a fake upstream, and one headless Chromium shared by the scenarios; each scenario
/// opens its own browser contexts and makes its own users.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    public const string AdminKey = "wk-web-tests-admin-key-0123456789abcdef";
    public const string Password = "correct horse battery";

    /// <summary>How long a page's actions and the checks on it wait for what they expect.</summary>
    private const float PageTimeoutMs = 20_000;

    private readonly string _workingDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "warbler-web-tests", Guid.NewGuid().ToString("N"));
    private readonly TestDatabase _database = TestDatabase.CreateNew();
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public FakeUpstreamServer Upstream { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(Chromium.SkipReason ?? $"Chromium could not be started from {Chromium.Path}.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workingDirectory);
        Upstream = await FakeUpstreamServer.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["WARBLER_ADMIN_KEY"] = AdminKey,
            ["Providers__fake__BaseUrl"] = Upstream.BaseUrl,
            ["Providers__fake__ApiKey"] = "sk-upstream-fake-secret",
            ["Gateway__Retry__BaseDelay"] = "00:00:00.010",
            ["Chat__Auth__LoginAttemptsPerMinute"] = "10000",
            ["Chat__UserLimits__BotRequestsPerMinute"] = "0",
            ["Usage__FlushInterval"] = "00:00:00.010",
        };
        _database.ApplyToEnvironment(environment);
        _server = ServerProcess.Start(_workingDirectory, environment);
        await _server.WaitUntilListeningAsync();
        BaseAddress = _server.BaseAddress!;

        if (Chromium.IsInstalled)
        {
            // Expect(...) waits like the page's actions do, not Playwright's 5 s: on a busy machine a
            // bot's reply can take longer than that to stream and show, and a check that holds ends the wait at once.
            Assertions.SetDefaultExpectTimeout(PageTimeoutMs);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = Chromium.Path,
                Headless = true,
                Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu", "--disable-quic"],
            });
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Upstream.DisposeAsync();
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

    /// <summary>A client of the server sending the admin key, or <paramref name="key"/>.</summary>
    public HttpClient CreateClient(string? key = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Has the admin key create a user; returns its id.</summary>
    public async Task<Guid> CreateUserAsync(string email, string displayName, bool admin = false)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/admin/users", new { email, password = Password, displayName, admin });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    /// <summary>A fresh browser context (its own cookies) at a size and colour scheme; its page times out in 20 s.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = colorScheme,
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(PageTimeoutMs);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, and waits for the rooms.</summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).WaitForAsync();
    }

    public static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private sealed record Created(Guid Id);
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
