using System.Net;
using Microsoft.AspNetCore.Http;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Users;

/// <summary>Sign-in requests are limited per client address by <c>Chat:Auth:LoginAttemptsPerMinute</c>.</summary>
public sealed class LoginRateLimitTests
{
    private static Task<GatewayHost> StartAsync(int perMinute) =>
        GatewayHost.StartAsync(configure: settings => settings["Chat:Auth:LoginAttemptsPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Login_OverTheLimit_Returns429ProblemDetailsWithRetryAfter()
    {
        await using var host = await StartAsync(3);
        using var client = host.CreateClient(key: null);
        var login = new { email = ChatUsers.NewEmail(), password = "wrong password" };
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/auth/login", login);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var refused = await client.PostAsJsonAsync("/api/auth/login", login);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 20);
        var problem = await ProblemBody.ReadAsync(refused);
        Assert.Contains("Too many sign-in requests", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterLoginAndRefresh_ShareOneLimit()
    {
        await using var host = await StartAsync(3);
        using var client = host.CreateClient(key: null);
        var email = ChatUsers.NewEmail();

        using var register = await client.PostAsJsonAsync("/api/auth/register", new { email, password = ChatUsers.Password });
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = ChatUsers.Password });
        var tokens = (await login.Content.ReadFromJsonAsync<AccessTokens>())!;
        using var refresh = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });
        using var refused = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task OtherEndpoints_AreNotLimited_AfterSignInIsRefused()
    {
        await using var host = await StartAsync(2);
        var email = ChatUsers.NewEmail();
        await host.RegisterAsync(email);
        var tokens = await host.LoginAsync(email);
        using var anonymous = host.CreateClient(key: null);
        using var refused = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = ChatUsers.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        using var user = host.CreateClient(tokens);
        for (var request = 0; request < 5; request++)
        {
            using var me = await user.GetAsync("/api/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        using var admin = host.CreateAdminClient();
        using var models = await admin.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    public async Task Limit_IsCountedPerClientAddress()
    {
        await using var host = await StartAsync(2);

        var first = new List<int>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            first.Add(await LoginFromAsync(host, "192.0.2.10"));
        }

        var second = await LoginFromAsync(host, "192.0.2.20");

        Assert.Equal([StatusCodes.Status401Unauthorized, StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests], first);
        Assert.Equal(StatusCodes.Status401Unauthorized, second);
    }

    /// <summary>A wrong-password login as if from <paramref name="address"/> (set on the in-memory request; nothing goes over a network).</summary>
    private static async Task<int> LoginFromAsync(GatewayHost host, string address)
    {
        using var client = new HttpClient(host.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address)))
        {
            BaseAddress = host.Server.BaseAddress,
        };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = "someone@example.com", password = "wrong password" });
        return (int)response.StatusCode;
    }
}
