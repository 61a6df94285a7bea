using System.Net;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Gateway;

/// <summary>
/// The gateway answers as it did before the chat came: <c>/v1</c> takes only gateway keys,
/// whatever user credentials a request carries. <c>/api/admin</c> also lets in users with the
/// admin role (see <c>AdminUsersOnGatewayAdminTests</c>).
/// </summary>
public sealed class GatewayAlongsideChatTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task V1_WithAUsersAccessToken_Returns401InOpenAIsShape()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var user = Host.CreateClient(await Host.LoginAsync(email));

        using var response = await user.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await OpenAIErrorBody.ReadAsync(response)).Code);
    }

    [Fact]
    public async Task V1_WithAUsersCookieAndNoKey_Returns401InOpenAIsShape()
    {
        var email = ChatUsers.NewEmail();
        await Host.RegisterAsync(email);
        using var browser = Host.CreateClient(key: null);
        using var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = ChatUsers.Password });
        login.EnsureSuccessStatusCode();

        using var response = await browser.PostAsJsonAsync("/v1/chat/completions", new { model = "m", messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", (await OpenAIErrorBody.ReadAsync(response)).Code);
    }

    [Fact]
    public async Task V1_WithAGatewayKey_StillAnswers()
    {
        using var client = Host.CreateClient(await Host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "m", messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminKeys_WithAnUnknownKey_Returns401ProblemDetails()
    {
        using var stranger = Host.CreateClient("wk-not-a-key-at-all-0123456789");

        using var response = await stranger.GetAsync("/api/admin/keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Incorrect API key", (await ProblemBody.ReadAsync(response)).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKeys_WithTheAdminKey_StillAnswers()
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.GetAsync("/api/admin/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
