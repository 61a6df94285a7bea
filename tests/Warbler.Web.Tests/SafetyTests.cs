using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>What people and models write is shown, never run.</summary>
[Collection(WebAppCollection.Name)]
public sealed class SafetyTests(WebAppFixture app)
{
    private const string Hostile =
        "Look <script>window.__pwned = 'script'; alert('script')</script> here " +
        "<img src=x onerror=\"window.__pwned='img'; alert('img')\"> " +
        "[click me](javascript:alert('link')) <a href=\"javascript:window.__pwned='a'\">or me</a> " +
        "<iframe src=\"javascript:alert('frame')\"></iframe> <b onmouseover=\"alert('hover')\">bold</b>";

    [ChromiumFact]
    public async Task AMessageWithAScriptTagAndAJavascriptLink_RendersInert()
    {
        var email = WebAppFixture.NewEmail("mal");
        await app.CreateUserAsync(email, "Mallory");
        var page = await app.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();

        // The person writes it, and the bot answers with it too.
        app.Upstream.Default = UpstreamScript.Answer("Echo: " + Hostile);
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync(Hostile);
        await composer.PressAsync("Enter");
        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete");
        await Expect(reply.Locator(".markdown")).ToContainTextAsync("Echo: Look");

        var messages = page.Locator(".messages");
        await Expect(messages.Locator("a", new() { HasText = "click me" })).ToHaveCountAsync(2);
        foreach (var link in await messages.Locator(".markdown a").AllAsync())
        {
            await link.HoverAsync();
            await link.ClickAsync(new() { Modifiers = [] });
            var href = await link.GetAttributeAsync("href");
            Assert.True(href is null || !href.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"A link kept href {href}.");
        }

        await messages.Locator(".markdown b", new() { HasText = "bold" }).First.HoverAsync();
        Assert.Equal(0, await messages.Locator("script, iframe, object, embed").CountAsync());
        Assert.Equal(0, await messages.Locator("[onerror], [onmouseover], [onclick]").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        Assert.Empty(dialogs);
        await Artifacts.ScreenshotAsync(page, "inert-message");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task NamesAndTitlesWithHtml_AreShownAsText()
    {
        const string userName = "<img src=x onerror=\"window.__pwned='user'\">Mal";
        const string botName = "<script>window.__pwned='bot'</script>Evil bot";
        const string title = "<svg onload=\"window.__pwned='title'\"></svg>Plans";
        var handle = "evil" + Guid.NewGuid().ToString("N")[..6];
        using (var admin = app.CreateClient())
        {
            using var created = await admin.PostAsJsonAsync("/api/bots", new { name = botName, handle, model = "fake-model" });
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        var victimEmail = WebAppFixture.NewEmail("vic");
        var malloryEmail = WebAppFixture.NewEmail("mal");
        await app.CreateUserAsync(victimEmail, "Victim");
        var mallory = await app.CreateUserAsync(malloryEmail, userName);
        app.Upstream.Default = UpstreamScript.Answer("Plain words.");
        using (var victimApi = await SignedInClientAsync(victimEmail))
        using (var malloryApi = await SignedInClientAsync(malloryEmail))
        {
            using var room = await victimApi.PostAsJsonAsync("/api/rooms", new { kind = "group", title, members = new[] { mallory }, bots = new[] { handle } });
            Assert.Equal(System.Net.HttpStatusCode.Created, room.StatusCode);
            var roomId = (await room.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
            using var sent = await malloryApi.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { text = $"@{handle} hello", clientMessageId = "names-1" });
            Assert.True(sent.IsSuccessStatusCode);
        }

        var page = await app.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await WebAppFixture.SignInAsync(page, victimEmail);
        await page.GetByText(title).First.ClickAsync();
        await Expect(page.Locator(".message.bot").Last).ToHaveAttributeAsync("data-status", "complete");

        // Each name is there as the very text it is, and nothing of it became an element.
        await Expect(page.GetByText(userName).First).ToBeVisibleAsync();
        await Expect(page.GetByText(botName).First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("body script, body svg[onload], [onerror], [onload]").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        Assert.Empty(dialogs);
        await Artifacts.ScreenshotAsync(page, "inert-names");
        await page.Context.CloseAsync();
    }

    private async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = app.CreateClient(key: null);
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = WebAppFixture.Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}
