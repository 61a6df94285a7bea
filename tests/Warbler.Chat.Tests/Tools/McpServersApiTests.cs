using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Rooms;
using Warbler.Data;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Tools;

/// <summary><c>/api/admin/mcp-servers</c> and <c>/api/bots/{id}/tools</c>: who may use them, what they show, what they refuse.</summary>
public sealed class McpServersApiTests(ToolsHostFixture fixture) : IClassFixture<ToolsHostFixture>
{
    [Fact]
    public async Task CreateServer_WithHeadersAndToken_NeverShowsThemAndStoresThemEncrypted()
    {
        var host = fixture.Fresh();
        using var admin = host.CreateAdminClient();
        const string HeaderSecret = "header-secret-5b1c9e";
        const string TokenSecret = "token-secret-0d77aa";

        using var created = await admin.PostAsJsonAsync("/api/admin/mcp-servers", new
        {
            name = "secretive-" + Guid.NewGuid().ToString("N")[..8],
            url = fixture.Sample.Url,
            headers = new Dictionary<string, string> { ["X-Api-Key"] = HeaderSecret },
            bearerToken = TokenSecret,
        });
        var createdBody = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetGuid();
        var listed = await admin.GetStringAsync("/api/admin/mcp-servers");
        var got = await admin.GetStringAsync($"/api/admin/mcp-servers/{id}");
        using var patched = await admin.PatchAsJsonAsync($"/api/admin/mcp-servers/{id}", new { enabled = false });
        var patchedBody = await patched.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.All([createdBody, listed, got, patchedBody], body =>
        {
            Assert.DoesNotContain(HeaderSecret, body, StringComparison.Ordinal);
            Assert.DoesNotContain(TokenSecret, body, StringComparison.Ordinal);
        });
        var shown = JsonDocument.Parse(got).RootElement;
        Assert.Equal(("http", true, true, true), (shown.GetProperty("transport").GetString(), shown.GetProperty("hasHeaders").GetBoolean(), shown.GetProperty("hasBearerToken").GetBoolean(), shown.GetProperty("enabled").GetBoolean()));
        Assert.False(JsonDocument.Parse(patchedBody).RootElement.GetProperty("enabled").GetBoolean());

        // Stored as Data Protection ciphertext, which the server's key ring reads back.
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var row = await db.McpServers.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.DoesNotContain(HeaderSecret, row.ProtectedHeaders!, StringComparison.Ordinal);
        Assert.DoesNotContain(TokenSecret, row.ProtectedBearerToken!, StringComparison.Ordinal);
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Warbler.Tools.McpServer.Secrets");
        Assert.Equal(TokenSecret, protector.Unprotect(row.ProtectedBearerToken!));
        Assert.Contains(HeaderSecret, protector.Unprotect(row.ProtectedHeaders!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTools_OfTheSampleServer_ShowsItsToolsWithTheirSchemas()
    {
        var host = fixture.Fresh();
        var id = await host.RegisterSampleAsync(fixture.Sample);
        using var admin = host.CreateAdminClient();

        var tools = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/mcp-servers/{id}/tools");

        Assert.Equal(["add", "divide", "lookup_capital", "multiply", "subtract", "utc_now", "wait_forever"], tools.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var lookup = tools.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "lookup_capital");
        Assert.Equal("The capital city of a country, from a fixed table of 20 countries.", lookup.GetProperty("description").GetString());
        Assert.Equal("string", lookup.GetProperty("inputSchema").GetProperty("properties").GetProperty("country").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ListTools_OfAServerThatCannotBeReached_Is502WithTheReason()
    {
        var host = fixture.Fresh();
        using var admin = host.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/admin/mcp-servers", new { name = "gone-" + Guid.NewGuid().ToString("N")[..8], url = $"http://127.0.0.1:{ClosedPort.Take()}/mcp" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var response = await admin.GetAsync($"/api/admin/mcp-servers/{id}/tools");
        var problem = await ProblemBody.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith($"The MCP server 'gone-", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("could not be reached", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateServer_Stdio_IsRefusedWhileNotAllowed_SayingWhichSettingAllowsIt()
    {
        var host = fixture.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/admin/mcp-servers", new { name = "local-" + Guid.NewGuid().ToString("N")[..8], transport = "stdio", command = "npx", arguments = new[] { "-y", "some-mcp-server" } });
        var problem = await ProblemBody.ReadAsync(response);
        var listed = await admin.GetStringAsync("/api/admin/mcp-servers");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Chat:Tools:AllowStdio", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("some-mcp-server", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateServer_Stdio_IsRegisteredWhenTheOperatorAllowsIt()
    {
        await using var host = await GatewayHost.StartAsync(configure: settings => settings["Chat:Tools:AllowStdio"] = "true");
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/admin/mcp-servers", new { name = "local", transport = "stdio", command = "npx", arguments = new[] { "-y", "some-mcp-server" } });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(("stdio", "npx", "-y some-mcp-server"), (created.GetProperty("transport").GetString(), created.GetProperty("command").GetString(), string.Join(' ', created.GetProperty("arguments").EnumerateArray().Select(a => a.GetString()))));
    }

    [Theory]
    [InlineData("""{"name":"x","url":"ftp://example.com/mcp"}""", "url")]
    [InlineData("""{"name":"x","url":"http://user:pass@example.com/mcp"}""", "url")]
    [InlineData("""{"name":"x"}""", "url")]
    [InlineData("""{"name":"x","transport":"carrier-pigeon","url":"http://example.com"}""", "transport")]
    [InlineData("""{"name":"","url":"http://example.com/mcp"}""", "name")]
    [InlineData("""{"url":"http://example.com/mcp"}""", "name")]
    [InlineData("""{"name":"x","url":"http://example.com/mcp","headers":{"Bad Header":"v"}}""", "headers")]
    [InlineData("""{"name":"x","url":"http://example.com/mcp","headers":{"X-Ok":"line\r\nInjected: 1"}}""", "headers")]
    public async Task CreateServer_Invalid_Is400NamingTheField(string body, string field)
    {
        var host = fixture.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsync("/api/admin/mcp-servers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemBody.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, problem.Errors.Keys);
    }

    [Fact]
    public async Task McpServerRoutesAndSettingBotTools_ForAUserWhoIsNotAnAdmin_Are403()
    {
        var host = fixture.Fresh();
        var serverId = await host.RegisterSampleAsync(fixture.Sample);
        var botId = await host.CreateBotAsync(RoomsClient.NewHandle());
        using var user = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("not-admin"));

        var responses = new List<(string, HttpResponseMessage)>
        {
            ("list", await user.GetAsync("/api/admin/mcp-servers")),
            ("get", await user.GetAsync($"/api/admin/mcp-servers/{serverId}")),
            ("tools", await user.GetAsync($"/api/admin/mcp-servers/{serverId}/tools")),
            ("create", await user.PostAsJsonAsync("/api/admin/mcp-servers", new { name = "mine", url = fixture.Sample.Url })),
            ("update", await user.PatchAsJsonAsync($"/api/admin/mcp-servers/{serverId}", new { enabled = false })),
            ("delete", await user.DeleteAsync($"/api/admin/mcp-servers/{serverId}")),
            ("allow", await user.PutAsJsonAsync($"/api/bots/{botId}/tools", new { tools = new[] { new { serverId, tool = "add" } } })),
        };

        foreach (var (what, response) in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)response.StatusCode}");
            Assert.Equal(403, (await ProblemBody.ReadAsync(response)).Status);
            response.Dispose();
        }

        // Still there, unchanged; and anyone signed in may see which tools a bot may call.
        using var admin = host.CreateAdminClient();
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/admin/mcp-servers/{serverId}")).GetProperty("enabled").GetBoolean());
        Assert.Equal(0, (await user.GetFromJsonAsync<JsonElement>($"/api/bots/{botId}/tools")).GetArrayLength());
    }

    [Fact]
    public async Task SetBotTools_ThenRemoveTheServer_TheBotMayCallNothingOfIt()
    {
        var host = fixture.Fresh();
        var serverId = await host.RegisterSampleAsync(fixture.Sample, "calc-" + Guid.NewGuid().ToString("N")[..8]);
        var botId = await host.CreateBotAsync(RoomsClient.NewHandle());
        using var admin = host.CreateAdminClient();

        await host.AllowToolsAsync(botId, serverId, "multiply", "add", "add");
        var allowed = await admin.GetFromJsonAsync<JsonElement>($"/api/bots/{botId}/tools");
        using var unknown = await admin.PutAsJsonAsync($"/api/bots/{botId}/tools", new { tools = new[] { new { serverId = Guid.NewGuid(), tool = "add" } } });
        using var deleted = await admin.DeleteAsync($"/api/admin/mcp-servers/{serverId}");
        var afterwards = await admin.GetFromJsonAsync<JsonElement>($"/api/bots/{botId}/tools");

        Assert.Equal(["add", "multiply"], allowed.EnumerateArray().Select(t => t.GetProperty("tool").GetString()));
        Assert.All(allowed.EnumerateArray(), t => Assert.Equal(serverId, t.GetProperty("serverId").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, afterwards.GetArrayLength());
    }
}
