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
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal("invalid_api_key", error.Code);
        Assert.Contains("/v1 takes a gateway key (wk-...)", error.Message, StringComparison.Ordinal);
        Assert.Contains("access token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/chat", "This route takes a user's access token")]
    [InlineData("GET", "/api/rooms", "This route takes a user's access token")]
    [InlineData("GET", "/api/bots", "or the admin key")]
    [InlineData("POST", "/api/bots", "This route takes the admin key, or the access token or cookie of a user with the admin role")]
    public async Task ChatRoutes_WithAGatewayKey_Return401ProblemDetailsSayingWhatTheKeyIsFor(string method, string path, string takes)
    {
        using var client = Host.CreateClient(await Host.CreateKeyAsync());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { message = "Hi" });
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ProblemBody.ReadAsync(response);
        Assert.Contains("is a Warbler key (wk-...): gateway keys are for the OpenAI-compatible API under /v1", problem.Detail, StringComparison.Ordinal);
        Assert.Contains(takes, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WithTheAdminKey_Returns401ProblemDetailsSayingItTakesAUser()
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/chat", new { message = "Hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("This route takes a user's access token", (await ProblemBody.ReadAsync(response)).Detail, StringComparison.Ordinal);
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
    public async Task AdminKeys_WithASecretThatIsNoWarblerKeyNorSignIn_Returns401SayingWhatItTakes()
    {
        using var stranger = Host.CreateClient("sk-an-openai-key-sent-by-mistake");

        using var response = await stranger.GetAsync("/api/admin/keys");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = (await ProblemBody.ReadAsync(response)).Detail;
        Assert.Contains("needs the admin key, or a signed-in user with the admin role", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("/v1 takes", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKeys_WithTheAdminKey_StillAnswers()
    {
        using var admin = Host.CreateAdminClient();

        using var response = await admin.GetAsync("/api/admin/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
