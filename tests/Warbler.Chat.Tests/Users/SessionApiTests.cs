using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Users;

/// <summary><c>GET /api/auth/session</c>: whether the caller is signed in, answered 200 to a visitor too.</summary>
public sealed class SessionApiTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Session_Visitor_Returns200SignedOutAndNoUser()
    {
        using var visitor = Host.CreateClient(key: null);

        using var response = await visitor.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "A session answer must not be cached.");
        var session = await ReadAsync(response);
        Assert.False(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("user").ValueKind);
    }

    [Fact]
    public async Task Session_AfterCookieLogin_ReturnsTheUserAsMeShowsIt()
    {
        var email = ChatUsers.NewEmail("ann");
        await Host.RegisterAsync(email);
        using var browser = Host.CreateClient(key: null);
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);

        using var response = await browser.GetAsync("/api/auth/session");
        using var me = JsonDocument.Parse(await browser.GetStringAsync("/api/me"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await ReadAsync(response);
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(email, session.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal(["user"], session.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(me.RootElement.GetRawText(), session.GetProperty("user").GetRawText());
    }

    [Fact]
    public async Task Session_WithBearerToken_ReturnsTheUser()
    {
        var email = ChatUsers.NewEmail("bob");
        using var client = await Host.RegisterAndLoginAsync(email);

        using var response = await client.GetAsync("/api/auth/session");

        var session = await ReadAsync(response);
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal(email, session.GetProperty("user").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Session_AfterLogout_Returns200SignedOut()
    {
        var email = ChatUsers.NewEmail("cat");
        await Host.RegisterAsync(email);
        using var browser = Host.CreateClient(key: null);
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password });
        using var logout = await browser.PostAsync("/api/auth/logout", null);

        using var response = await browser.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.False((await ReadAsync(response)).GetProperty("signedIn").GetBoolean());
    }

    [Theory]
    [InlineData("Cookie", "warbler.auth=forged")]
    [InlineData("Authorization", "Bearer not-a-token")]
    [InlineData("Authorization", "Bearer " + GatewayHost.AdminKey)]
    public async Task Session_WithAForgedCredentialOrTheAdminKey_Returns200SignedOut(string header, string value)
    {
        using var client = Host.CreateClient(key: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);

        using var response = await client.GetAsync("/api/auth/session");

        Assert.False((await ReadAsync(response)).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Session_OfADeletedUser_Returns200SignedOut()
    {
        var email = ChatUsers.NewEmail("dan");
        var id = await Host.CreateUserAsync(email);
        using var client = Host.CreateClient(await Host.LoginAsync(email));
        using var admin = Host.CreateAdminClient();
        using var deleted = await admin.DeleteAsync($"/api/admin/users/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var response = await client.GetAsync("/api/auth/session");

        Assert.False((await ReadAsync(response)).GetProperty("signedIn").GetBoolean());
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
