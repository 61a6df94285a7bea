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
}
