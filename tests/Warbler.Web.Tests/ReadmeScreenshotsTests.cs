using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>
/// The pictures of README.md and docs/chat/web-app.md: the chat view light and dark, at desktop and
/// phone width, and the usage page. Saved in <c>artifacts/web/</c> on every run; with
/// <c>WARBLER_UPDATE_DOCS_IMAGES=1</c> also into <c>docs/images/</c>, to be committed.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ReadmeScreenshotsTests(WebAppFixture app)
{
    private const string Answer = """
        Point any OpenAI client at Warbler and use a **Warbler key**; your provider key stays on the server.

        ```python
        from openai import OpenAI

        client = OpenAI(base_url="http://localhost:5080/v1", api_key="wk-...")
        reply = client.chat.completions.create(
            model="gpt-4o-mini",
            messages=[{"role": "user", "content": "Hello!"}],
        )
        print(reply.choices[0].message.content)
        ```

        Streaming works the same way with `stream=True`.
        """;

    private static bool UpdateDocs => Environment.GetEnvironmentVariable("WARBLER_UPDATE_DOCS_IMAGES") == "1";

    [ChromiumFact]
    public async Task ChatAndUsage_LightAndDark_DesktopAndPhone()
    {
        var email = WebAppFixture.NewEmail("ann");
        await app.CreateUserAsync(email, "Ann", admin: true);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator("button[data-bot-handle=assistant]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/rooms/"));
        var room = page.Url;

        app.Upstream.Default = UpstreamScript.Answer(Answer);
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("How do I call Warbler from Python?");
        await composer.PressAsync("Enter");
        await Expect(page.Locator(".message.bot").Last).ToHaveAttributeAsync("data-status", "complete");

        // Some traffic for the usage page: two applications on two models.
        app.Upstream.Default = UpstreamScript.Answer("Fine.");
        foreach (var (name, model, calls) in (ValueTuple<string, string, int>[])[("mobile app", "gpt-4o-mini", 6), ("support desk", "deepseek-chat", 3)])
        {
            using var admin = app.CreateClient();
            var created = await (await admin.PostAsJsonAsync("/api/admin/keys", new { name })).Content.ReadFromJsonAsync<CreatedKey>();
            using var client = app.CreateClient(created!.Key);
            for (var i = 0; i < calls; i++)
            {
                (await client.PostAsJsonAsync("/v1/chat/completions", new { model, messages = new[] { new { role = "user", content = "Hello there" } } })).Dispose();
            }
        }

        await page.Context.CloseAsync();

        foreach (var (suffix, width, height) in (ValueTuple<string, int, int>[])[("desktop", 1280, 800), ("phone", 390, 844)])
        {
            foreach (var scheme in (ColorScheme[])[ColorScheme.Light, ColorScheme.Dark])
            {
                var shot = await app.NewPageAsync(width, height, scheme);
                await WebAppFixture.SignInAsync(shot, email).ConfigureAwait(false);
                await shot.GotoAsync(room);
                await Expect(shot.Locator(".message.bot .code-block")).ToBeVisibleAsync();
                await SaveAsync(shot, $"chat-{(scheme == ColorScheme.Dark ? "dark" : "light")}-{suffix}");
                await shot.Context.CloseAsync();
            }
        }

        var usage = await app.NewPageAsync(1280, 860);
        await WebAppFixture.SignInAsync(usage, email);
        await usage.GotoAsync("/admin/usage");
        await Expect(usage.Locator(".usage-table tr", new() { HasText = "gpt-4o-mini" })).ToBeVisibleAsync();
        await SaveAsync(usage, "usage");
        await usage.Context.CloseAsync();
    }

    private static async Task SaveAsync(IPage page, string name)
    {
        var path = await Artifacts.ScreenshotAsync(page, $"docs-{name}");
        if (UpdateDocs)
        {
            var docs = Directory.CreateDirectory(Path.Combine(Artifacts.RepositoryRoot, "docs", "images")).FullName;
            File.Copy(path, Path.Combine(docs, $"{name}.png"), overwrite: true);
        }
    }

    private sealed record CreatedKey(string Key);
}
