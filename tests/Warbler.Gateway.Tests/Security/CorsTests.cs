using System.Net;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Security;

/// <summary>
/// Pages on other origins may call <c>/v1</c> with a key (as OpenAI's API allows), but the chat
/// and admin APIs, which accept the user's cookie, only from the origins an operator lists.
/// </summary>
public sealed class CorsTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    private const string Page = "https://app.example.com";

    [Fact]
    public async Task GatewayPreflight_AnyOrigin_IsAllowedWithoutCredentials()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Preflight("/v1/chat/completions", Page, "authorization, content-type"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task GatewayAnswer_ExposesTheRateLimitHeadersToThePage()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Add("Origin", Page);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers")!;
        Assert.Contains("x-ratelimit-remaining-requests", exposed, StringComparison.Ordinal);
        Assert.Contains("x-request-id", exposed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayOrigins_Listed_OnlyThoseAreAllowed()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Cors:GatewayOrigins:0"] = Page);
        using var client = host.CreateClient();

        using var listed = await client.SendAsync(Preflight("/v1/chat/completions", Page, "authorization"));
        using var other = await client.SendAsync(Preflight("/v1/chat/completions", "https://other.example.com", "authorization"));

        Assert.Equal(Page, Header(listed, "Access-Control-Allow-Origin"));
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/rooms")]
    [InlineData("/api/admin/keys")]
    [InlineData("/api/auth/login")]
    [InlineData("/hubs/chat/negotiate")]
    public async Task ChatApis_ByDefault_AllowNoOtherOrigin(string path)
    {
        var host = shared.Fresh();
        using var client = host.CreateClient();

        using var response = await client.SendAsync(Preflight(path, Page, "authorization, content-type"));

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task ChatOrigins_Listed_AreAllowedWithCredentials()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Cors:ChatOrigins:0"] = Page);
        using var client = host.CreateClient();

        using var listed = await client.SendAsync(Preflight("/api/rooms", Page, "content-type"));
        using var other = await client.SendAsync(Preflight("/api/rooms", "https://other.example.com", "content-type"));

        Assert.Equal(Page, Header(listed, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(listed, "Access-Control-Allow-Credentials"));
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
