using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Users;

/// <summary>Registration, sign-in with a bearer token or a cookie, refresh, and <c>/api/me</c>.</summary>
public sealed class SignInTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Login_AfterRegistering_ReturnsBearerTokens()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);

        var tokens = await Host.LoginAsync(email);

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.NotEmpty(tokens.AccessToken);
        Assert.NotEmpty(tokens.RefreshToken);
        Assert.Equal(3600, tokens.ExpiresIn);
    }

    [Fact]
    public async Task Me_WithBearerToken_ReturnsTheUserWithRoleUser()
    {
        var email = ChatUsers.NewEmail("ann");
        using var client = await Host.RegisterAndLoginAsync(email);

        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/me"));

        var root = me.RootElement;
        Assert.Equal(7, Guid.Parse(root.GetProperty("id").GetString()!).Version);
        Assert.Equal(email, root.GetProperty("email").GetString());
        Assert.Equal(email.Split('@')[0], root.GetProperty("displayName").GetString());
        Assert.Equal(["user"], root.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(root.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Refresh_WithTheRefreshToken_ReturnsNewTokensThatWork()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        var tokens = await Host.LoginAsync(email);
        using var anonymous = Host.CreateClient(key: null);

        using var response = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var renewed = (await response.Content.ReadFromJsonAsync<AccessTokens>())!;
        Assert.NotEqual(tokens.AccessToken, renewed.AccessToken);
        using var client = Host.CreateClient(renewed);
        using var me = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Refresh_WithAnInvalidToken_Returns401ProblemDetails()
    {
        using var anonymous = Host.CreateClient(key: null);

        using var response = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "not-a-refresh-token" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await ProblemBody.ReadAsync(response);
    }

    [Theory]
    [InlineData("/api/auth/register", """{"email":null,"password":"correct horse battery"}""", "email")]
    [InlineData("/api/auth/login", """{"email":null,"password":"correct horse battery"}""", "email")]
    [InlineData("/api/auth/refresh", """{"refreshToken":null}""", "refreshToken")]
    [InlineData("/api/auth/forgotPassword", """{"email":null}""", "email")]
    [InlineData("/api/auth/resetPassword", """{"email":null,"resetCode":"abc","newPassword":"another long password"}""", "email")]
    public async Task AuthRequest_RequiredFieldNull_Returns400NamingIt(string path, string body, string field)
    {
        using var anonymous = Host.CreateClient(key: null);

        using var response = await anonymous.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Me_AfterCookieLogin_WorksWithTheCookieAlone()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var browser = Host.CreateClient(key: null);

        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password });
        using var me = await browser.GetAsync("/api/me");
        using var stranger = Host.CreateClient(key: null);
        using var strangersMe = await stranger.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, strangersMe.StatusCode);
    }

    [Fact]
    public async Task Me_WithAnUnknownCookie_Returns401NotARedirect()
    {
        using var client = Host.CreateClient(key: null);
        client.DefaultRequestHeaders.Add("Cookie", "warbler.auth=forged");

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        await ProblemBody.ReadAsync(response);
    }

    [Theory]
    [InlineData("GET", "/api/me")]
    [InlineData("PATCH", "/api/me")]
    [InlineData("GET", "/api/auth/manage/info")]
    public async Task SignedInEndpoints_Anonymous_Return401ProblemDetailsSayingHowToSignIn(string method, string path)
    {
        using var client = Host.CreateClient(key: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { displayName = "x" }) };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Contains("/api/auth/login", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_WithTheAdminKey_Returns401BecauseTheKeyIsNotAUser()
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ManageInfo_WithBearerToken_ReturnsTheEmail()
    {
        var email = ChatUsers.NewEmail();
        using var client = await Host.RegisterAndLoginAsync(email);

        using var info = JsonDocument.Parse(await client.GetStringAsync("/api/auth/manage/info"));

        Assert.Equal(email, info.RootElement.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401ProblemDetails()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "not the password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Failed", (await ProblemBody.ReadAsync(response)).Detail);
    }

    [Fact]
    public async Task Login_UnknownEmail_Returns401()
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = ChatUsers.NewEmail("nobody"), password = ChatUsers.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LockTheAccountEvenForTheRightPassword()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var client = Host.CreateClient(key: null);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "guess " + attempt });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("/api/auth/login", new { email, password = ChatUsers.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", (await ProblemBody.ReadAsync(right)).Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_FourWrongPasswords_DoNotLockTheAccount()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var client = Host.CreateClient(key: null);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "guess " + attempt });
        }

        await Host.LoginAsync(email);
    }

    [Theory]
    [InlineData("short", "PasswordTooShort")]
    [InlineData("", "PasswordTooShort")]
    public async Task Register_WeakPassword_Returns400NamingTheRule(string password, string error)
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email = ChatUsers.NewEmail(), password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Register_EightCharactersOfAnyKind_IsEnough()
    {
        await Host.RegisterAsync(ChatUsers.NewEmail(), "abcdefgh");
    }

    [Fact]
    public async Task Register_SameEmailTwice_Returns400SayingItIsRegistered()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email = email.ToUpperInvariant(), password = ChatUsers.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Contains("already registered", problem.Errors["DuplicateEmail"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_InvalidEmail_Returns400()
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "not an email", password = ChatUsers.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("InvalidEmail", (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Register_MalformedJson_Returns400ProblemDetails()
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsync("/api/auth/register", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("body", (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task PatchMe_DisplayName_IsStoredTrimmed()
    {
        using var client = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());

        using var patched = await client.PatchAsJsonAsync("/api/me", new { displayName = "  Ann Smith " });
        using var me = JsonDocument.Parse(await client.GetStringAsync("/api/me"));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("Ann Smith", (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        Assert.Equal("Ann Smith", me.RootElement.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("101")]
    public async Task PatchMe_InvalidDisplayName_Returns400NamingIt(string displayName)
    {
        using var client = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail());
        displayName = displayName == "101" ? new string('a', 101) : displayName;

        using var response = await client.PatchAsJsonAsync("/api/me", new { displayName });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["displayName"], (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }
}
