using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Users;

/// <summary>
/// Users with the admin role manage keys, providers, usage and see the models from a browser
/// (bearer token or cookie), as the admin key does; other users are refused, and managing users
/// stays with the admin key.
/// </summary>
public sealed class AdminUsersOnGatewayAdminTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Theory]
    [InlineData("/api/admin/keys")]
    [InlineData("/api/admin/providers")]
    [InlineData("/api/admin/usage?groupBy=day")]
    [InlineData("/api/admin/models")]
    public async Task AdminRoutes_WithAnAdminUsersAccessToken_Answer(string path)
    {
        using var adminUser = await Host.CreateAdminUserClientAsync();

        using var response = await adminUser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_WithAnAdminUsersCookie_ReturnsTheSecretThatThenWorksOnV1()
    {
        var email = ChatUsers.NewEmail("admin");
        await Host.CreateUserAsync(email, admin: true);
        using var browser = Host.CreateClient(key: null);
        using (var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password }))
        {
            login.EnsureSuccessStatusCode();
        }

        using var created = await browser.PostAsJsonAsync("/api/admin/keys", new { name = "from the web app" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString();

        using var app = Host.CreateClient(secret);
        using var models = await app.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/admin/keys")]
    [InlineData("POST", "/api/admin/keys")]
    [InlineData("GET", "/api/admin/providers")]
    [InlineData("GET", "/api/admin/usage")]
    [InlineData("GET", "/api/admin/models")]
    public async Task AdminRoutes_WithAPlainUsersToken_Return403ProblemDetails(string method, string path)
    {
        using var user = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        using var response = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { name = "x" }) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("admin", (await ProblemBody.ReadAsync(response)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminRoutes_AfterTheAdminRoleIsRevoked_Return403AtOnce()
    {
        var email = ChatUsers.NewEmail("admin");
        var id = await Host.CreateUserAsync(email, admin: true);
        using var user = Host.CreateClient(await Host.LoginAsync(email));
        using (var before = await user.GetAsync("/api/admin/keys"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var admin = Host.CreateAdminClient())
        using (var revoked = await admin.DeleteAsync($"/api/admin/users/{id}/roles/admin"))
        {
            revoked.EnsureSuccessStatusCode();
        }

        using var after = await user.GetAsync("/api/admin/keys");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact]
    public async Task AdminRoutes_WithADeletedAdminsToken_Return401()
    {
        var email = ChatUsers.NewEmail("admin");
        var id = await Host.CreateUserAsync(email, admin: true);
        using var user = Host.CreateClient(await Host.LoginAsync(email));
        using (var admin = Host.CreateAdminClient())
        using (var deleted = await admin.DeleteAsync($"/api/admin/users/{id}"))
        {
            deleted.EnsureSuccessStatusCode();
        }

        using var response = await user.GetAsync("/api/admin/keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    [Fact]
    public async Task AdminRoutes_WithAPlainGatewayKey_StillReturn403()
    {
        using var client = Host.CreateClient(await Host.CreateKeyAsync());

        using var response = await client.GetAsync("/api/admin/keys");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Models_ListsEveryModelTheProvidersServe()
    {
        using var adminUser = await Host.CreateAdminUserClientAsync();

        using var models = JsonDocument.Parse(await adminUser.GetStringAsync("/api/admin/models"));

        Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
        Assert.Equal(JsonValueKind.Array, models.RootElement.GetProperty("data").ValueKind);
    }
}
