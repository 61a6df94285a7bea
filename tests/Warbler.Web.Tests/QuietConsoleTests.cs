using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>
/// The ordinary path through the app, signed out and in, leaves the browser's console clean: an
/// error there is either a bug or noise that hides the next real one.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class QuietConsoleTests(WebAppFixture app)
{
    /// <summary>
    /// Errors the browser logs on this path that the app cannot prevent, each with why. None today:
    /// a visitor's first load asks <c>/api/auth/session</c>, answered 200, rather than <c>/api/me</c>'s 401.
    /// </summary>
    private static readonly Regex[] Unavoidable = [];

    [ChromiumFact]
    public async Task SignUpSignOutSignInChatAndReload_LogNoErrorAndNoFailedRequest()
    {
        var page = await app.NewPageAsync();
        var log = BrowserLog.Attach(page);
        var email = WebAppFixture.NewEmail("quinn");

        // Signed out: the first page load sends the visitor to sign in.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();

        // Sign up.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Quinn");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(WebAppFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Hello, Quinn")).ToBeVisibleAsync();
        await Expect(page.Locator(".live-dot.on")).ToBeVisibleAsync();

        // Sign out, and in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(WebAppFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.Locator(".live-dot.on")).ToBeVisibleAsync();

        // Chat with the bot, the reply streamed in.
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/rooms/[0-9a-f-]+$"));
        app.Upstream.Default = new UpstreamScript { Text = "A **short** answer, in a few pieces.", Chunks = 6, ChunkDelay = TimeSpan.FromMilliseconds(30) };
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Hello there.");
        await composer.PressAsync("Enter");
        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 20000 });
        await Expect(reply.Locator(".markdown strong")).ToHaveTextAsync("short");

        // Reload: still signed in, the conversation is there, live again.
        await page.ReloadAsync();
        await Expect(page.Locator(".message.bot").Last.Locator(".markdown strong")).ToHaveTextAsync("short");
        await Expect(page.Locator(".live-dot.on")).ToBeVisibleAsync();

        // The home page of a signed-in reload too.
        await page.GotoAsync("/");
        await Expect(page.GetByText("Hello, Quinn")).ToBeVisibleAsync();
        await Expect(page.Locator(".live-dot.on")).ToBeVisibleAsync();

        log.AssertNoErrors(Unavoidable);
        await page.Context.CloseAsync();
    }
}
