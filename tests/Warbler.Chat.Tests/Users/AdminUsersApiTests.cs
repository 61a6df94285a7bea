using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Users;

/// <summary><c>/api/admin/users</c>: what the admin key may do with users, and what no one else may.</summary>
public sealed class AdminUsersApiTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Create_WithAdminKey_Returns201WithTheUserButNotThePassword()
    {
        using var admin = Host.CreateAdminClient();
        var email = ChatUsers.NewEmail("bob");

        using var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, password = ChatUsers.Password, displayName = "Bob" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(ChatUsers.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        using var created = JsonDocument.Parse(text);
        var id = created.RootElement.GetProperty("id").GetString();
        Assert.Equal($"/api/admin/users/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Bob", created.RootElement.GetProperty("displayName").GetString());
        Assert.Equal(["user"], created.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var client = Host.CreateClient(await Host.LoginAsync(email));
        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/me"));
        Assert.Equal(id, me.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Create_AsAdmin_GivesRolesAdminAndUser()
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/admin/users", new { email = ChatUsers.NewEmail(), password = ChatUsers.Password, admin = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var roles = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString());
        Assert.Equal(["admin", "user"], roles);
    }

    [Fact]
    public async Task Create_Always_StoresThePasswordOnlyAsAHash()
    {
        const string password = "a very memorable passphrase";
        await Host.CreateUserAsync(ChatUsers.NewEmail(), password: password);

        await Host.Database.AssertNotStoredAsync(password);
    }

    [Theory]
    [InlineData("""{"password":"correct horse battery"}""", "email")]
    [InlineData("""{"email":"not an email","password":"correct horse battery"}""", "email")]
    [InlineData("""{"email":"x@example.com"}""", "password")]
    [InlineData("""{"email":"x@example.com","password":"short"}""", "password")]
    [InlineData("""{"email":"x@example.com","password":"correct horse battery","displayName":""}""", "displayName")]
    [InlineData("""{"email":"x@example.com","password":"correct horse battery","admin":"yes"}""", "admin")]
    public async Task Create_InvalidField_Returns400NamingIt(string body, string field)
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PostAsync("/api/admin/users", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Create_EmailAlreadyRegistered_Returns400NamingEmail()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/admin/users", new { email, password = ChatUsers.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Equal(["email"], problem.Errors.Keys);
        Assert.Equal([$"The email '{email}' is already registered."], problem.Errors["email"]);
    }

    [Fact]
    public async Task List_ShowsEveryUserWithTheirRoles()
    {
        var plain = ChatUsers.NewEmail();
        var boss = ChatUsers.NewEmail();
        await Host.RegisterAsync(plain);
        await Host.CreateUserAsync(boss, admin: true);
        using var admin = Host.CreateAdminClient();

        var users = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users");

        var roles = users.EnumerateArray().ToDictionary(
            user => user.GetProperty("email").GetString()!,
            user => user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(["user"], roles[plain]);
        Assert.Equal(["admin", "user"], roles[boss]);
    }

    [Fact]
    public async Task GrantAndRevokeAdmin_ChangeWhatTheUsersTokenMayDoAtOnce()
    {
        var email = ChatUsers.NewEmail();
        var id = await Host.CreateUserAsync(email);
        using var user = Host.CreateClient(await Host.LoginAsync(email));
        using var admin = Host.CreateAdminClient();
        var handle = "bot" + Guid.NewGuid().ToString("N")[..8];

        using var before = await user.PostAsJsonAsync("/api/bots", new { name = "Helper", handle, model = "demo" });
        using var grant = await admin.PutAsync($"/api/admin/users/{id}/roles/admin", null);
        using var grantAgain = await admin.PutAsync($"/api/admin/users/{id}/roles/admin", null);
        using var whileAdmin = await user.PostAsJsonAsync("/api/bots", new { name = "Helper", handle, model = "demo" });
        using var revoke = await admin.DeleteAsync($"/api/admin/users/{id}/roles/admin");
        using var after = await user.PostAsJsonAsync("/api/bots", new { name = "Helper", handle = handle + "2", model = "demo" });

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(["admin", "user"], (await grant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, grantAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Created, whileAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(["user"], (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact]
    public async Task Delete_RemovesTheUser_WhoCanNoLongerSignIn()
    {
        var email = ChatUsers.NewEmail();
        var id = await Host.CreateUserAsync(email);
        using var user = Host.CreateClient(await Host.LoginAsync(email));
        using var admin = Host.CreateAdminClient();

        using var deleted = await admin.DeleteAsync($"/api/admin/users/{id}");
        using var me = await user.GetAsync("/api/me");
        using var anonymous = Host.CreateClient(key: null);
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = ChatUsers.Password });
        using var again = await admin.DeleteAsync($"/api/admin/users/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "/roles/admin")]
    [InlineData("DELETE", "/roles/admin")]
    [InlineData("DELETE", "")]
    public async Task UnknownUser_Returns404ProblemDetails(string method, string suffix)
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/admin/users/{Guid.NewGuid()}{suffix}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    [Theory]
    [InlineData("POST", "")]
    [InlineData("GET", "")]
    [InlineData("GET", "/{id}")]
    [InlineData("PUT", "/{id}/roles/admin")]
    [InlineData("DELETE", "/{id}/roles/admin")]
    [InlineData("DELETE", "/{id}")]
    public async Task EveryRoute_WithoutTheAdminKey_IsRefused(string method, string suffix)
    {
        var id = await Host.CreateUserAsync(ChatUsers.NewEmail());
        var path = "/api/admin/users" + suffix.Replace("{id}", id.ToString(), StringComparison.Ordinal);
        using var anonymous = Host.CreateClient(key: null);
        using var adminUser = await Host.CreateAdminUserClientAsync();
        using var gatewayKey = Host.CreateClient(await Host.CreateKeyAsync());

        using var noKey = await anonymous.SendAsync(Request(method, path));
        using var userToken = await adminUser.SendAsync(Request(method, path));
        using var plainKey = await gatewayKey.SendAsync(Request(method, path));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, userToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, plainKey.StatusCode);
        await ProblemBody.ReadAsync(userToken);

        using var admin = Host.CreateAdminClient();
        using var stillThere = await admin.GetAsync($"/api/admin/users/{id}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        Assert.Equal(["user"], (await stillThere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" ? JsonContent.Create(new { email = ChatUsers.NewEmail(), password = ChatUsers.Password }) : null,
    };
}
