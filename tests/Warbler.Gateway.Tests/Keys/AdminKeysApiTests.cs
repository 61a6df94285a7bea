using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Keys;

public sealed class AdminKeysApiTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Fact]
    public async Task Create_ValidRequest_ShowsSecretOnceWithPrefix()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "mobile app", models = new[] { "gpt-4o-mini" }, expiresAt });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = created.RootElement;
        var secret = root.GetProperty("key").GetString()!;
        Assert.Matches("^wk-[A-Za-z0-9_-]{43}$", secret);
        Assert.StartsWith(root.GetProperty("prefix").GetString()!, secret, StringComparison.Ordinal);
        Assert.Equal("mobile app", root.GetProperty("name").GetString());
        Assert.Equal(["gpt-4o-mini"], root.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), root.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeSeconds());

        var listing = await admin.GetStringAsync("/api/admin/keys");
        Assert.DoesNotContain(secret, listing, StringComparison.Ordinal);
        Assert.Contains(root.GetProperty("id").GetString()!, listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Always_StoresOnlyTheHashOfTheSecret()
    {
        var host = shared.Fresh();
        var secret = await host.CreateKeyAsync("stored key");

        var (prefix, hash) = Assert.Single(await host.Database.QueryAsync(
            """SELECT "Prefix", "Hash" FROM api_keys WHERE "Name" = 'stored key'""",
            reader => (reader.GetString(0), (byte[])reader.GetValue(1))));
        Assert.Equal(11, prefix.Length);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)), hash);
        await host.Database.AssertNotStoredAsync(secret);
    }

    [Fact]
    public async Task Revoke_ExistingKey_IsRefusedAtOnceAndListedAsRevoked()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        using var createResponse = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "soon revoked" });
        using var created = JsonDocument.Parse(await createResponse.Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString();
        using var client = host.CreateClient(created.RootElement.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest())).StatusCode);

        using var revoke = await admin.DeleteAsync($"/api/admin/keys/{id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var refused = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_api_key", (await OpenAIErrorBody.ReadAsync(refused)).Code);
        using var listing = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/keys"));
        var listed = listing.RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Revoke_UnknownKey_ReturnsNotFoundProblem()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.DeleteAsync($"/api/admin/keys/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminKey_CallingV1_IsAccepted()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Restart_AfterCreatingKeys_LoadsThemFromTheDatabase()
    {
        var databasePath = GatewayHost.NewDatabasePath();
        try
        {
            string secret;
            await using (var first = await GatewayHost.StartAsync(databasePath: databasePath))
            {
                secret = await first.CreateKeyAsync("survives restarts");
            }

            await using var second = await GatewayHost.StartAsync(databasePath: databasePath);
            using var client = second.CreateClient(secret);

            using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }
}
