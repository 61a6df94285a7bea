using System.Net;

namespace Warbler.Web.Tests;

/// <summary>The server serves the built app on its own routes, and only there: the APIs keep their answers.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppServingTests(WebAppFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/signin")]
    [InlineData("/signup")]
    [InlineData("/rooms/0197aaaa-0000-7000-8000-000000000000")]
    [InlineData("/admin/usage")]
    public async Task ClientRoutes_AnswerTheAppsPageWithAContentSecurityPolicy(string path)
    {
        using var client = app.CreateClient(key: null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Assets_AreBundledAndCachedForever()
    {
        using var client = app.CreateClient(key: null);
        var page = await client.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(page, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        Assert.DoesNotContain("http", page.Replace("http-equiv", "", StringComparison.Ordinal), StringComparison.Ordinal);

        using var response = await client.GetAsync(script);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiUrls_StillAnswerAsTheirApis()
    {
        using var client = app.CreateClient(key: null);

        using var api = await client.GetAsync("/api/no-such-thing");
        using var v1 = await client.GetAsync("/v1/no-such-thing");
        using var hubs = await client.GetAsync("/hubs/no-such-hub");
        using var chat = await client.GetAsync("/chat");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.NotEqual("text/html", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, v1.StatusCode);
        Assert.Contains("Invalid URL", await v1.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hubs.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, chat.StatusCode);
    }
}
