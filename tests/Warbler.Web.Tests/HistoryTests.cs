using System.Net.Http.Headers;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>Long histories: older messages load on scrolling up; rooms are found by title.</summary>
[Collection(WebAppCollection.Name)]
public sealed class HistoryTests(WebAppFixture app)
{
    [ChromiumFact]
    public async Task ScrollingUp_LoadsOlderMessages_AndSearchFindsTheRoomByTitle()
    {
        var email = WebAppFixture.NewEmail("hal");
        await app.CreateUserAsync(email, "Hal");
        var title = $"Archive {Guid.NewGuid():N}"[..16];
        using (var client = app.CreateClient(key: null))
        {
            using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = WebAppFixture.Password });
            var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await client.PostAsJsonAsync("/api/rooms", new { kind = "group", title });
            var roomId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            for (var i = 1; i <= 70; i++)
            {
                using var sent = await client.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { text = $"note {i:D3}", clientMessageId = Guid.NewGuid().ToString() });
                sent.EnsureSuccessStatusCode();
            }

            // Another room, so the search has something to leave out.
            (await client.PostAsJsonAsync("/api/rooms", new { kind = "group", title = "Something else" })).Dispose();
        }

        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByLabel("Search rooms by title").FillAsync(title[..12]);
        await Expect(page.Locator(".room-item")).ToHaveCountAsync(1);
        await page.Locator(".room-item", new() { HasText = title }).ClickAsync();

        var messages = page.Locator(".messages");
        await Expect(messages.GetByText("note 070")).ToBeVisibleAsync();
        await Expect(messages.GetByText("note 001")).ToHaveCountAsync(0);
        await messages.EvaluateAsync("list => list.scrollTop = 0");
        await Expect(messages.GetByText("note 001")).ToHaveCountAsync(1);
        await Expect(messages.Locator(".message")).ToHaveCountAsync(70);
        await page.Context.CloseAsync();
    }
}
