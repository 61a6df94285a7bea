using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Warbler.Chat.Tests.ApiReference;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> describes every route the server maps, and <c>/docs</c> shows it.</summary>
public sealed class ApiReferenceTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    /// <summary>
    /// Routes (as mapped) that are not part of the HTTP API the document describes, each with its reason. The
    /// health checks, the Prometheus endpoint, the SignalR hub <c>/hubs/chat</c> (with its negotiation)
    /// and the <c>/v1/{**path}</c> fallback map no HTTP method, so they are not enumerated at all.
    /// </summary>
    private static readonly (string Pattern, string Reason)[] Excluded =
    [
        ("/openapi/{documentName}.json", "the document itself"),
        ("/docs/{documentName?}", "the browsable reference (Scalar) that shows the document"),
        ("/docs/scalar.js", "the reference's script, bundled in the server"),
        ("/docs/scalar.aspnetcore.js", "the reference's script, bundled in the server"),
        ("/docs/favicon.svg", "the reference's icon"),
        ("/", "a page of the web app"),
        ("/signin", "a page of the web app"),
        ("/signup", "a page of the web app"),
        ("/rooms/{**path}", "pages of the web app"),
        ("/admin/{**path}", "pages of the web app"),
        ("/usage/{**path}", "pages of the web app"),
        ("/teams/{**path}", "pages of the web app"),
    ];

    [Fact]
    public async Task Document_EveryMappedRoute_IsDescribedWithItsMethods()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");

        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 })
            .ToList();

        // Every exclusion still names a mapped route, so the list cannot hide a renamed one.
        Assert.All(Excluded, excluded => Assert.Contains(endpoints, e => e.RoutePattern.RawText == excluded.Pattern));

        var routes = endpoints
            .Where(e => !Excluded.Any(excluded => excluded.Pattern == e.RoutePattern.RawText))
            .Select(e => (Path: DocumentPath(e.RoutePattern), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods))
            .ToList();

        // The API's areas, so an empty endpoint list cannot pass.
        Assert.Contains(routes, r => r.Path == "/v1/chat/completions");
        Assert.Contains(routes, r => r.Path == "/api/rooms/{roomId}/messages");

        var missing = new List<string>();
        foreach (var (path, methods) in routes)
        {
            foreach (var method in methods)
            {
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                {
                    missing.Add($"{method} {path}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Document_ChatCompletions_HasRequestBodySummaryAndGatewayKey()
    {
        using var client = fixture.Host.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;

        var operation = root.GetProperty("paths").GetProperty("/v1/chat/completions").GetProperty("post");
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        Assert.True(operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("gatewayKey", out _));

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        foreach (var scheme in (string[])["gatewayKey", "adminKey", "accessToken", "cookie"])
        {
            Assert.True(schemes.TryGetProperty(scheme, out _), scheme);
        }

        var sendMessage = root.GetProperty("paths").GetProperty("/api/rooms/{roomId}/messages").GetProperty("post");
        Assert.Contains(sendMessage.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("accessToken", out _));
    }

    [Theory]
    [InlineData("/api/rooms/{roomId}/attachments")]
    [InlineData("/api/admin/knowledge-bases/{id}/documents")]
    public async Task Document_FileUploads_HaveAMultipartBodyWithABinaryFilePart(string route)
    {
        using var client = fixture.Host.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var path = Assert.Single(root.GetProperty("paths").EnumerateObject(), p => p.Name.TrimEnd('/') == route);

        var body = path.Value.GetProperty("post").GetProperty("requestBody");
        var schema = body.GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        Assert.True(body.GetProperty("required").GetBoolean());
        var file = schema.GetProperty("properties").GetProperty("file");
        Assert.Equal(("string", "binary"), (file.GetProperty("type").GetString(), file.GetProperty("format").GetString()));
        Assert.Contains("file", schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Document_EveryOperation_HasASummary()
    {
        using var client = fixture.Host.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var unsummarized = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", Operation: operation.Value)))
            .Where(o => !o.Operation.TryGetProperty("summary", out var summary) || string.IsNullOrEmpty(summary.GetString()))
            .Select(o => o.Name)
            .ToList();
        Assert.Empty(unsummarized);
    }

    [Fact]
    public async Task Docs_AnswersHtmlThatLoadsScalarFromTheServer()
    {
        using var client = fixture.Host.CreateClient();
        var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"scalar.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.jsdelivr.net", html, StringComparison.Ordinal);

        var script = await client.GetAsync("/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A route as the document writes it: parameters by name, without their constraints.</summary>
    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => part.ToString(),
        }))));
}
