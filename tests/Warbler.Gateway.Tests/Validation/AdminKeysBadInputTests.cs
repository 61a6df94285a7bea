using System.Net;
using System.Text;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Validation;

/// <summary><c>/api/admin/keys</c> answers bad calls with ProblemDetails and the right status, never a 500.</summary>
public sealed class AdminKeysBadInputTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>
{
    private const string Path = "/api/admin/keys";

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task Request_NoKey_Returns401Problem(string method)
    {
        using var client = gateway.Host.CreateClient(key: null);

        using var response = await client.SendAsync(AdminRequest(method));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_UnknownKey_Returns401Problem()
    {
        using var client = gateway.Host.CreateClient("wk-this-key-was-never-issued-0123456789abcdefghijk");

        using var response = await client.SendAsync(AdminRequest("GET"));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task Request_NonAdminGatewayKey_Returns403Problem(string method)
    {
        using var client = gateway.CreateClient();

        using var response = await client.SendAsync(AdminRequest(method));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Request_AdminKeyInAzureApiKeyHeader_IsAccepted()
    {
        using var client = gateway.Host.CreateClient(key: null);
        client.DefaultRequestHeaders.Add("api-key", GatewayHost.AdminKey);

        using var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"ok","models":["gpt-4o",""]}""", "models")]
    [InlineData("""{"name":"ok","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    public async Task Create_InvalidField_Returns400ValidationProblemNamingIt(string body, string field)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task Create_ExpiryInThePast_Returns400AndCreatesNoKey()
    {
        using var admin = gateway.Host.CreateAdminClient();
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await admin.PostAsJsonAsync(Path, new { name = "already expired", expiresAt });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("expiresAt", out _));
        Assert.DoesNotContain("already expired", await admin.GetStringAsync(Path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("""{"name":"truncated""")]
    [InlineData("""["name"]""")]
    [InlineData("""{"name":42}""")]
    [InlineData("""{"name":"ok","models":"gpt-4o"}""")]
    [InlineData("""{"name":"ok","expiresAt":"tomorrow"}""")]
    [InlineData("""{"name":"ok"} trailing""")]
    public async Task Create_MalformedJson_Returns400Problem(string body)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("123")]
    public async Task Revoke_IdNotAGuid_Returns404Problem(string id)
    {
        using var admin = gateway.Host.CreateAdminClient();

        using var response = await admin.DeleteAsync($"{Path}/{id}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_JsonInAnUnknownCharset_Returns415Problem()
    {
        using var client = gateway.Host.CreateAdminClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"charset"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");

        using var response = await client.PostAsync(Path, content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("nonsense", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage AdminRequest(string method) => new(new HttpMethod(method), method == "DELETE" ? $"{Path}/{Guid.NewGuid()}" : Path)
    {
        Content = method == "POST" ? new StringContent("""{"name":"should not be created"}""", Encoding.UTF8, "application/json") : null,
    };

    /// <summary>Fails unless the response is <c>application/problem+json</c> with <paramref name="status"/>.</summary>
    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.Clone();
    }
}
