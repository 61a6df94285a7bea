using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Users;

/// <summary><c>GET /api/users?q=</c>: finding people to add to a room, by whole email or part of a name, showing no emails.</summary>
public sealed class UsersSearchTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Search_ByWholeEmailInAnyCase_FindsTheUserWithIdAndNameOnly()
    {
        var email = ChatUsers.NewEmail("bea");
        var id = await Host.CreateUserAsync(email);
        using var ann = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));

        var text = await ann.GetStringAsync($"/api/users?q={Uri.EscapeDataString(email.ToUpperInvariant())}");

        var found = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray());
        Assert.Equal(id, found.GetProperty("id").GetGuid());
        Assert.Equal(email.Split('@')[0], found.GetProperty("displayName").GetString());
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithANulCharacter_FindsNobodyRatherThanFailing()
    {
        using var ann = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));

        using var response = await ann.GetAsync(new Uri($"/api/users?q={Guid.NewGuid():N}%00", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Search_ByPartOfADisplayName_FindsThemButNotTheCaller()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var otherId = await Host.CreateUserAsync(ChatUsers.NewEmail($"x{marker}"));
        var email = ChatUsers.NewEmail($"y{marker}");
        using var me = await Host.RegisterAndLoginAsync(email);

        using var found = JsonDocument.Parse(await me.GetStringAsync($"/api/users?q={marker.ToUpperInvariant()}"));

        Assert.Equal([otherId], found.RootElement.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Search_ByPartOfAnEmailThatIsNotInTheName_FindsNobody()
    {
        await Host.CreateUserAsync(ChatUsers.NewEmail("cyd"));
        using var me = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        using var found = JsonDocument.Parse(await me.GetStringAsync("/api/users?q=example.com"));

        Assert.Empty(found.RootElement.EnumerateArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=")]
    [InlineData("?q=%20%20")]
    public async Task Search_WithoutAQuery_Returns400NamingQ(string query)
    {
        using var me = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        using var response = await me.GetAsync($"/api/users{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("q", (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Search_Anonymous_Returns401()
    {
        using var anonymous = Host.CreateClient(key: null);

        using var response = await anonymous.GetAsync("/api/users?q=ann");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Logout_WithACookie_SignsOut()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var browser = Host.CreateClient(key: null);
        using (var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password }))
        {
            login.EnsureSuccessStatusCode();
        }

        using (var me = await browser.GetAsync("/api/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        using var logout = await browser.PostAsync("/api/auth/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
