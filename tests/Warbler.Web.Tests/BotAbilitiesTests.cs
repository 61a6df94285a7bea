using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Warbler.FakeUpstream;
using Warbler.Testing;
using static Microsoft.Playwright.Assertions;

namespace Warbler.Web.Tests;

/// <summary>Replies of bots that know and act: a knowledge-base answer shows its sources, a tool call shows as a step that opens.</summary>
[Collection(WebAppCollection.Name)]
public sealed class BotAbilitiesTests(WebAppFixture app)
{
    [ChromiumFact]
    public async Task AKnowledgeBaseAnswer_ShowsItsSources_AndASourceOpensToItsPassage()
    {
        using var admin = app.CreateClient();
        app.Upstream.Default = UpstreamScript.Answer("Staff get 25 days of holiday [1].") with { EmbedsWords = true };
        var handle = await CreateBotAsync(admin, "handbook");
        var knowledgeBase = await PostForIdAsync(admin, "/api/admin/knowledge-bases", new { name = "Handbook " + handle, embeddingModel = "text-embedding-3-small" });
        await UploadAsync(admin, knowledgeBase, "holidays.md", "# Holidays\n\nEvery member of staff gets 25 days of paid holiday a year.\n");
        await UploadAsync(admin, knowledgeBase, "parking.md", "# Parking\n\nThe car park opens at seven in the morning.\n");
        await Eventually.UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/knowledge-bases/{knowledgeBase}/documents")).EnumerateArray().All(d => d.GetProperty("status").GetString() == "ready"),
            () => "both documents to be ready",
            TimeSpan.FromSeconds(60));
        using (var attached = await admin.PutAsJsonAsync($"/api/bots/{await BotIdAsync(admin, handle)}/knowledge-bases", new { knowledgeBaseIds = new[] { knowledgeBase } }))
        {
            Assert.True(attached.IsSuccessStatusCode, await attached.Content.ReadAsStringAsync());
        }

        var page = await NewChatAsync("hana", handle);
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("How many days of paid holiday does staff get?");
        await composer.PressAsync("Enter");

        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete");
        var source = reply.Locator(".sources .source").First;
        await Expect(source.Locator(".source-name")).ToHaveTextAsync("holidays.md");
        await Expect(source.Locator("blockquote")).Not.ToBeVisibleAsync();
        await source.Locator("summary").ClickAsync();
        await Expect(source.Locator("blockquote")).ToContainTextAsync("25 days of paid holiday");
        await Artifacts.ScreenshotAsync(page, "reply-sources");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AToolCall_ShowsAsAStep_ThatOpensToItsArgumentsAndResult()
    {
        await using var sample = await SampleMcpHost.StartAsync();
        using var admin = app.CreateClient();
        var handle = await CreateBotAsync(admin, "calc");
        var server = await PostForIdAsync(admin, "/api/admin/mcp-servers", new { name = "sample-" + handle, transport = "http", url = sample.Url, bearerToken = SampleMcpHost.BearerToken });
        using (var allowed = await admin.PutAsJsonAsync($"/api/bots/{await BotIdAsync(admin, handle)}/tools", new { tools = new[] { new { serverId = server, tool = "multiply" } } }))
        {
            Assert.True(allowed.IsSuccessStatusCode, await allowed.Content.ReadAsStringAsync());
        }

        var page = await NewChatAsync("tom", handle);
        app.Upstream.Enqueue(UpstreamScript.CallTool("multiply", """{"a":6,"b":7}"""), UpstreamScript.Answer("6 times 7 is 42."));
        var composer = page.GetByLabel("Message", new() { Exact = true });
        await composer.FillAsync("What is 6 times 7?");
        await composer.PressAsync("Enter");

        var reply = page.Locator(".message.bot").Last;
        await Expect(reply).ToHaveAttributeAsync("data-status", "complete");
        await Expect(reply.Locator(".markdown")).ToContainTextAsync("6 times 7 is 42.");
        var step = reply.Locator(".tool-step");
        await Expect(step).ToHaveAttributeAsync("data-status", "ok");
        await Expect(step.Locator("summary")).ToContainTextAsync("multiply");
        await Expect(step.Locator(".tool-detail")).Not.ToBeVisibleAsync();
        await step.Locator("summary").ClickAsync();
        await Expect(step.Locator(".tool-detail pre").First).ToContainTextAsync("\"a\": 6");
        await Expect(step.Locator(".tool-detail pre").Last).ToHaveTextAsync("42");
        await Artifacts.ScreenshotAsync(page, "reply-tool-step");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task AnAdmin_AddsAKnowledgeBaseAndAnMcpServer_AndGivesABotBoth_InItsSettings()
    {
        await using var sample = await SampleMcpHost.StartAsync();
        using var api = app.CreateClient();
        app.Upstream.Default = UpstreamScript.Answer() with { EmbedsWords = true };
        var handle = await CreateBotAsync(api, "helper");
        var email = WebAppFixture.NewEmail("ada");
        await app.CreateUserAsync(email, "Ada", admin: true);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        var names = (Base: "Manual " + handle, Server: "sample-" + handle);

        await page.GotoAsync("/admin/knowledge");
        await page.GetByRole(AriaRole.Button, new() { Name = "New knowledge base" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(names.Base);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        var card = page.Locator($"[data-knowledge-base='{names.Base}']");
        await card.GetByLabel("Add documents").SetInputFilesAsync(new FilePayload { Name = "setup.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# Setup\n\nPlug it in, then press the green button.\n") });
        await Expect(card.Locator(".document")).ToHaveAttributeAsync("data-status", "ready");
        await Expect(card.Locator(".document")).ToContainTextAsync("setup.md");
        await Artifacts.ScreenshotAsync(page, "admin-knowledge");

        await page.GotoAsync("/admin/tools");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add MCP server" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(names.Server);
        await page.GetByLabel("URL (Streamable HTTP)").FillAsync(sample.Url);
        await page.GetByLabel("Bearer token").FillAsync(SampleMcpHost.BearerToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        var server = page.Locator($"[data-mcp-server='{names.Server}']");
        await server.GetByRole(AriaRole.Button, new() { Name = "Show tools" }).ClickAsync();
        await Expect(server.Locator(".tool-list")).ToContainTextAsync("multiply");
        await Artifacts.ScreenshotAsync(page, "admin-tools");

        await page.GotoAsync("/admin/bots");
        await page.Locator("tr", new() { HasText = "@" + handle }).GetByRole(AriaRole.Button, new() { Name = "Settings" }).ClickAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Knowledge bases" }).GetByLabel(names.Base).CheckAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Tools" }).GetByLabel($"{names.Server} · multiply").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("form[aria-label='Bot settings']")).ToHaveCountAsync(0);

        var botId = await BotIdAsync(api, handle);
        var bases = await api.GetFromJsonAsync<JsonElement>($"/api/bots/{botId}/knowledge-bases");
        var tools = await api.GetFromJsonAsync<JsonElement>($"/api/bots/{botId}/tools");
        Assert.Equal([names.Base], bases.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal([(names.Server, "multiply")], tools.EnumerateArray().Select(t => (t.GetProperty("server").GetString(), t.GetProperty("tool").GetString())));
        await page.Context.CloseAsync();
    }

    private static async Task<string> CreateBotAsync(HttpClient admin, string prefix)
    {
        var handle = $"{prefix}{Guid.NewGuid():N}"[..16];
        using var created = await admin.PostAsJsonAsync("/api/bots", new { name = $"Bot {handle}", handle, model = "gpt-4o-mini", systemPrompt = "Answer briefly." });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return handle;
    }

    private static async Task<Guid> BotIdAsync(HttpClient admin, string handle) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/bots")).EnumerateArray().Single(b => b.GetProperty("handle").GetString() == handle).GetProperty("id").GetGuid();

    private static async Task<Guid> PostForIdAsync(HttpClient admin, string path, object body)
    {
        using var response = await admin.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task UploadAsync(HttpClient admin, Guid knowledgeBase, string name, string text)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", name);
        using var response = await admin.PostAsync($"/api/admin/knowledge-bases/{knowledgeBase}/documents", form);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task<IPage> NewChatAsync(string name, string botHandle)
    {
        var email = WebAppFixture.NewEmail(name);
        await app.CreateUserAsync(email, name);
        var page = await app.NewPageAsync();
        await WebAppFixture.SignInAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "+ New chat" }).ClickAsync();
        await page.Locator($"button[data-bot-handle={botHandle}]").ClickAsync();
        return page;
    }
}
