using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests.Teams;

/// <summary>A team owner adds a member by email and makes a team key, which works until they revoke it.</summary>
[Collection(WebAppCollection.Name)]
public sealed class TeamsPageTests(WebAppFixture app)
{
    [ChromiumFact]
    public async Task ATeamOwnerAddsAMemberByEmail_CreatesATeamKeyShownOnce_AndRevokesIt()
    {
        var ownerEmail = WebAppFixture.NewEmail("olga");
        var memberEmail = WebAppFixture.NewEmail("max");
        var owner = await app.CreateUserAsync(ownerEmail, "Olga");
        await app.CreateUserAsync(memberEmail, "Max");
        var teamName = $"Sales {Guid.NewGuid():N}"[..14];
        using (var admin = app.CreateClient())
        {
            using var created = await admin.PostAsJsonAsync("/api/teams", new { name = teamName });
            var team = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            using var added = await admin.PostAsJsonAsync($"/api/teams/{team}/members", new { userId = owner, role = "owner" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, ownerEmail);
        await page.GetByRole(AriaRole.Link, new() { Name = "Teams and keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Team", Exact = true })).ToContainTextAsync(teamName);

        var members = page.GetByRole(AriaRole.Region, new() { Name = "Members" });
        await members.GetByPlaceholder("Email").FillAsync(memberEmail);
        await members.GetByRole(AriaRole.Button, new() { Name = "Add" }).ClickAsync();
        await Expect(members.Locator("tr", new() { HasText = "Max" })).ToBeVisibleAsync();

        var keys = page.GetByRole(AriaRole.Region, new() { Name = "Team keys" });
        await keys.GetByPlaceholder("Key name").FillAsync("dashboard");
        await keys.GetByRole(AriaRole.Button, new() { Name = "New key" }).ClickAsync();
        var secret = (await keys.Locator(".secret-value").InnerTextAsync()).Trim();
        Assert.StartsWith("wk-", secret, StringComparison.Ordinal);
        await Expect(keys.Locator("tr", new() { HasText = "dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save limits" })).ToHaveCountAsync(0);
        await Artifacts.ScreenshotAsync(page, "teams", fullPage: true);
        using (var client = app.CreateClient(secret))
        using (var served = await client.GetAsync("/v1/models"))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await keys.Locator("tr", new() { HasText = "dashboard" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(keys.Locator("tr", new() { HasText = "dashboard" })).ToHaveCountAsync(0);
        using var revoked = app.CreateClient(secret);
        using var refused = await revoked.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The owner follows the link to the team's usage.
        await page.GetByRole(AriaRole.Link, new() { Name = "The team's usage, by person, key, model and day" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{teamName}: usage" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
