using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Validation;

/// <summary><c>/v1</c> without a live key gets 401 in OpenAI's shape; Azure's <c>api-key</c> header works like Bearer.</summary>
public sealed class AuthenticationTests(ValidationGateway gateway) : IClassFixture<ValidationGateway>
{
    private const string ChatBody = """{"model":"fake-model","messages":[{"role":"user","content":"Hi"}]}""";

    [Theory]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("POST", "/v1/completions")]
    [InlineData("POST", "/v1/engines/fake-model/completions")]
    [InlineData("GET", "/v1/models")]
    [InlineData("GET", "/v1/models/fake-model")]
    public async Task Request_NoKey_Returns401(string method, string path)
    {
        using var client = gateway.Host.CreateClient(key: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(ChatBody, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        await AssertInvalidApiKeyAsync(response);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("wk-not-a-bearer-token")]
    public async Task Post_AuthorizationWithoutBearerKey_Returns401(string authorization)
    {
        using var client = gateway.Host.CreateClient(key: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        await AssertInvalidApiKeyAsync(response);
    }

    [Theory]
    [InlineData("wk-this-key-was-never-issued-0123456789abcdefghijk")]
    [InlineData("sk-proj-an-openai-key-not-a-warbler-one")]
    [InlineData("short")]
    public async Task Post_UnknownKey_Returns401WithoutEchoingTheKey(string key)
    {
        using var client = gateway.Host.CreateClient(key);

        using var response = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        var error = await AssertInvalidApiKeyAsync(response);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_VeryLongKey_Returns401()
    {
        using var client = gateway.Host.CreateClient("wk-" + new string('x', 10_000));

        using var response = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        await AssertInvalidApiKeyAsync(response);
    }

    [Fact]
    public async Task Post_NoKeyAndBadBody_Returns401BeforeLookingAtTheBody()
    {
        using var client = gateway.Host.CreateClient(key: null);

        using var response = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", "{not json");

        await AssertInvalidApiKeyAsync(response);
    }

    [Fact]
    public async Task Post_KeyInAzureApiKeyHeader_IsAccepted()
    {
        using var client = gateway.Host.CreateClient(key: null);
        client.DefaultRequestHeaders.Add("api-key", gateway.Key);

        using var response = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_UnknownKeyInAzureApiKeyHeader_Returns401()
    {
        using var client = gateway.Host.CreateClient(key: null);
        client.DefaultRequestHeaders.Add("api-key", "wk-this-key-was-never-issued-0123456789abcdefghijk");

        using var response = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        await AssertInvalidApiKeyAsync(response);
    }

    [Fact]
    public async Task Post_RevokedKey_IsRefusedAsSoonAsDeleteReturns()
    {
        using var admin = gateway.Host.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "revoked in a moment" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetString();
        using var client = gateway.Host.CreateClient(json.RootElement.GetProperty("key").GetString());
        using var before = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var revoke = await admin.DeleteAsync($"/api/admin/keys/{id}");
        using var after = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertInvalidApiKeyAsync(after);
        using var models = await client.GetAsync("/v1/models");
        await AssertInvalidApiKeyAsync(models);
    }

    [Fact]
    public async Task Post_ExpiredKey_Returns401OnceTheClockPassesExpiry()
    {
        // The gateway reads time from TimeProvider: move a fake clock past the expiry instead of waiting for it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = gateway.Host.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var admin = server.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.AdminKey);
        var expiresAt = clock.GetUtcNow().AddHours(1);
        using var created = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "expires soon", expiresAt });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("key").GetString());
        clock.Advance(TimeSpan.FromMinutes(59));
        using var before = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(1));
        using var atExpiry = await ValidationGateway.PostRawAsync(client, "/v1/chat/completions", ChatBody);

        var error = await AssertInvalidApiKeyAsync(atExpiry);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    private static async Task<OpenAIErrorBody> AssertInvalidApiKeyAsync(HttpResponseMessage response)
    {
        var error = await OpenAIErrorAssert.IsErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("invalid_api_key", error.Code);
        return error;
    }
}
