using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>A person signs up, starts a chat with a bot, watches the reply stream in, stops it and regenerates it.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ChatScenarioTests(WebAppFixture app)
{
    private static readonly string LongAnswer = string.Join(' ', Enumerable.Range(1, 80).Select(i => $"word{i}"));

    [ChromiumTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignUp_StartAChat_TheReplyStreamsIn_StopIt_Regenerate(bool live)
    {
        var page = await app.NewPageAsync();
        if (!live)
        {
            // Without the hub, the app sends with server-sent events alone.
            await page.RouteAsync("**/hubs/**", route => route.AbortAsync());
        }

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("Your name").FillAsync("Ann");
        await page.GetByLabel("Email").FillAsync(WebAppFixture.NewEmail("ann"));
        await page.GetByLabel("Password").FillAsync(WebAppFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Hello, Ann")).ToBeVisibleAsync();
        if (live)
        {
            await Expect(page.Locator(".live-dot.on")).ToBeVisibleAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/rooms/[0-9a-f-]+$"));

        app.Upstream.Default = new UpstreamScript { Text = LongAnswer, Chunks = 80, ChunkDelay = TimeSpan.FromMilliseconds(120) };
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("Tell me a long story.");
        await composer.PressAsync("Enter");

        var mine = page.Locator(".message.mine").Last;
        await Expect(mine).ToContainTextAsync("Tell me a long story.");
        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "streaming");
        await Expect(reply.Locator(".markdown")).ToContainTextAsync("word3");
        var early = await reply.Locator(".markdown").InnerTextAsync();
        await Expect(reply.Locator(".markdown")).ToContainTextAsync("word12");
        Assert.True((await reply.Locator(".markdown").InnerTextAsync()).Length > early.Length, "The reply grew as it streamed.");
        await Artifacts.ScreenshotAsync(page, live ? "chat-streaming" : "chat-streaming-without-hub");

        await page.GetByRole(AriaRole.Button, new() { Name = "Stop the reply" }).ClickAsync();
        await Expect(reply).ToHaveAttributeAsync("data-status", "stopped");
        var stopped = await reply.Locator(".markdown").InnerTextAsync();
        Assert.DoesNotContain("word80", stopped, StringComparison.Ordinal);
        await Expect(reply.Locator(".meta")).ToContainTextAsync("stopped");

        app.Upstream.Default = new UpstreamScript { Text = "A **fresh** answer, regenerated.", Chunks = 4, ChunkDelay = TimeSpan.FromMilliseconds(50) };
        await reply.GetByRole(AriaRole.Button, new() { Name = "Regenerate" }).ClickAsync();
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete");
        await Expect(reply.Locator(".markdown strong")).ToHaveTextAsync("fresh");
        await Expect(reply.Locator(".markdown")).Not.ToContainTextAsync("word1 ");
        await Artifacts.ScreenshotAsync(page, live ? "chat-regenerated" : "chat-regenerated-without-hub");

        // The room is in the sidebar, with the newest message.
        await Expect(page.Locator(".room-item.active .room-last")).ToContainTextAsync("fresh");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task EditTheLastMessage_TheBotAnswersTheNewText()
    {
        var email = WebAppFixture.NewEmail("eve");
        await app.CreateUserAsync(email, "Eve");
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();
        app.Upstream.Default = UpstreamScript.Answer("First answer.");
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("What is 2 + 2?");
        await composer.PressAsync("Enter");
        await Expect(page.Locator(".message.bot").Last).ToContainTextAsync("First answer.");

        app.Upstream.Default = UpstreamScript.Answer("Second answer.");
        await page.Locator(".message.mine").Last.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(composer).ToHaveValueAsync("What is 2 + 2?");
        await composer.FillAsync("What is 3 + 3?");
        await composer.PressAsync("Enter");

        await Expect(page.Locator(".message.mine").Last).ToContainTextAsync("What is 3 + 3?");
        await Expect(page.Locator(".message.mine").Last.Locator(".meta")).ToContainTextAsync("edited");
        await Expect(page.Locator(".message.bot").Last).ToContainTextAsync("Second answer.");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task ShiftEnter_AddsALine_AndEnterSends()
    {
        var email = WebAppFixture.NewEmail("sam");
        await app.CreateUserAsync(email, "Sam");
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();
        app.Upstream.Default = UpstreamScript.Answer("```python\nprint('hi')\n```");

        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("line one");
        await composer.PressAsync("Shift+Enter");
        await composer.PressSequentiallyAsync("line two");
        await Expect(composer).ToHaveValueAsync("line one\nline two");
        await composer.PressAsync("Enter");

        await Expect(page.Locator(".message.mine").Last.Locator(".markdown")).ToContainTextAsync("line two");
        await Expect(composer).ToHaveValueAsync("");
        var code = page.Locator(".message.bot").Last.Locator(".code-block");
        await Expect(code.Locator(".code-lang")).ToHaveTextAsync("python");
        await Expect(code.Locator(".hljs-built_in, .hljs-string").First).ToBeVisibleAsync();
        await code.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(code.GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
