using System.Net;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Security;

/// <summary>Every answer carries the headers that keep a browser from sniffing, framing or running it.</summary>
public sealed class SecurityHeadersTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Theory]
    [InlineData("/healthz", null)]
    [InlineData("/v1/models", "key")]
    [InlineData("/v1/models", null)]
    [InlineData("/api/rooms", null)]
    [InlineData("/api/admin/keys", "admin")]
    [InlineData("/no/such/path", null)]
    public async Task ApiAnswers_CarryTheSecurityHeadersAndAPolicyThatRunsNothing(string path, string? caller)
    {
        var host = shared.Fresh();
        var key = caller switch
        {
            "key" => await host.CreateKeyAsync(),
            "admin" => GatewayHost.AdminKey,
            _ => null,
        };
        using var client = host.CreateClient(key);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task ApiReference_KeepsItsScriptsRunnable()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri("/docs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
