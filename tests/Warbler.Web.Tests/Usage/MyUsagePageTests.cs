using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests.Usage;

/// <summary>The usage people can see: a user's own page, and the admins' CSV export.</summary>
[Collection(WebAppCollection.Name)]
public sealed class MyUsagePageTests(WebAppFixture app)
{
    [ChromiumFact]
    public async Task MyUsage_AfterABotReply_ShowsTheModelAndTheDailyChatBudget()
    {
        var email = WebAppFixture.NewEmail("uma");
        await app.CreateUserAsync(email, "Uma");
        using (var client = app.CreateClient(key: null))
        {
            using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = WebAppFixture.Password });
            var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var reply = await client.PostAsJsonAsync("/chat", new { message = "Hello" });
            reply.EnsureSuccessStatusCode();
        }

        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "My usage" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My usage" })).ToBeVisibleAsync();
        await Expect(page.Locator(".budget[data-budget=chat_daily_tokens]")).ToContainTextAsync("Chat tokens today");
        await Expect(page.Locator(".usage-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator(".usage-table tbody tr td").Nth(1)).ToHaveTextAsync("1");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AdminUsage_ExportButton_DownloadsACsvOfTheGroupingChosen()
    {
        var email = WebAppFixture.NewEmail("ada");
        await app.CreateUserAsync(email, "Ada", admin: true);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GotoAsync("/admin/usage");
        await page.GetByLabel("Export grouped by").SelectOptionAsync("model");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());

        Assert.EndsWith("-model.csv", download.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("group,name,requests,", text);
        await page.Context.CloseAsync();
    }
}
