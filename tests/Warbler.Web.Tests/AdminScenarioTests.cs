using System.Net;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>An admin signs in, creates a key, an application uses it, and the usage page shows it.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AdminScenarioTests(WebAppFixture app)
{
    [ChromiumFact]
    public async Task AnAdminCreatesAKey_UsesIt_AndSeesTheUsageChartUpdate()
    {
        var email = WebAppFixture.NewEmail("root");
        await app.CreateUserAsync(email, "Rita", admin: true);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);

        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).First.ClickAsync();
        var keyName = $"e2e app {Guid.NewGuid():N}"[..16];
        await page.GetByRole(AriaRole.Button, new() { Name = "New key" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(keyName);
        await page.GetByLabel("Requests a minute").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = (await page.Locator(".secret-value").InnerTextAsync()).Trim();
        Assert.StartsWith("wk-", secret, StringComparison.Ordinal);
        await page.Locator(".secret").GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.Locator(".secret").GetByRole(AriaRole.Button, new() { Name = "Copied" })).ToBeVisibleAsync();
        var row = page.Locator("tr", new() { HasText = keyName });
        await Expect(row).ToContainTextAsync("Requests a minute: 100");
        await Artifacts.ScreenshotAsync(page, "admin-keys");

        // The usage page before the key is used.
        await page.GetByRole(AriaRole.Link, new() { Name = "Usage" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "By key" }).ClickAsync();
        var requestsChart = page.Locator("figure.chart", new() { HasText = "Requests per day" });
        await Expect(requestsChart).ToBeVisibleAsync();
        var before = int.Parse(await requestsChart.GetAttributeAsync("data-total") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        // An application calls /v1 with the key.
        app.Upstream.Default = UpstreamScript.Answer("Hi from the model.");
        using (var client = app.CreateClient(secret))
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "fake-model", messages = new[] { new { role = "user", content = "Hello" } } });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        // Usage records are written in the background: refresh until they show.
        var usageRow = page.Locator(".usage-table tr", new() { HasText = keyName });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await usageRow.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refresh" })).ToBeEnabledAsync();
        }

        await Expect(usageRow.Locator("td").Nth(1)).ToHaveTextAsync("3");
        await Expect(requestsChart).ToHaveAttributeAsync("data-total", (before + 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(requestsChart.Locator(".legend")).ToContainTextAsync(keyName);
        await Expect(page.Locator("figure.chart", new() { HasText = "Tokens per day" }).Locator("rect").First).ToBeVisibleAsync();
        await Artifacts.ScreenshotAsync(page, "admin-usage", fullPage: true);

        // Revoked, the key stops working.
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).First.ClickAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("tr", new() { HasText = keyName }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.Locator("tr.revoked", new() { HasText = keyName })).ToBeVisibleAsync();
        using var revoked = app.CreateClient(secret);
        using var refused = await revoked.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AnAdminTestsAProvider_AndSetsABotsModelFromTheModelList()
    {
        var email = WebAppFixture.NewEmail("ops");
        await app.CreateUserAsync(email, "Otto", admin: true);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);

        await page.GotoAsync("/admin/providers");
        var provider = page.Locator("[data-provider=fake]");
        await Expect(provider.Locator(".health")).ToHaveTextAsync("Healthy");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await Expect(provider.Locator(".provider-test [role=status]")).ToContainTextAsync("with 1 models");
        await Artifacts.ScreenshotAsync(page, "admin-providers");

        await page.GotoAsync("/admin/bots");
        var handle = $"b{Guid.NewGuid():N}"[..10];
        await page.GetByRole(AriaRole.Button, new() { Name = "New bot" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Reviewer");
        await page.GetByLabel("Handle").FillAsync(handle);
        var model = page.Locator("select[name=model]");
        await Expect(model.Locator("option")).Not.ToHaveCountAsync(0);
        Assert.Contains("fake-model", await model.Locator("option").AllInnerTextsAsync());
        await model.SelectOptionAsync("fake-model");
        await page.GetByLabel("System prompt").FillAsync("You review code tersely.");
        await page.GetByLabel("Temperature (0–2)").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("form[aria-label='Bot settings'] .error")).ToContainTextAsync("emperature");

        await page.GetByLabel("Temperature (0–2)").FillAsync("0.2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "@" + handle })).ToContainTextAsync("0.2");
        await Artifacts.ScreenshotAsync(page, "admin-bots");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task APersonWhoIsNotAnAdmin_SeesNoAdminPages()
    {
        var email = WebAppFixture.NewEmail("pat");
        await app.CreateUserAsync(email, "Pat");
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);

        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/keys");
        await Expect(page.Locator(".admin-body .error")).ToContainTextAsync("Only admins");
        await page.Context.CloseAsync();
    }
}
