using System.Net;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Providers;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Anthropic;

/// <summary>An <c>Anthropic</c> provider added at run time through the admin API: stored with its key encrypted, listed, tested and used.</summary>
public sealed class AnthropicProviderAdminTests
{
    private const string Key = "sk-ant-runtime-key-0123456789";

    [Fact]
    public async Task Create_AnthropicProvider_IsListedTestedAndServesChatThroughMessagesWithItsKeyEncrypted()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        upstream.Models = ["claude-haiku-4-5"];
        upstream.Default = UpstreamScript.Answer("Hello from Claude, added at run time.");
        await using var host = await GatewayHost.StartAsync(providers: []);
        using var admin = host.CreateAdminClient();

        await ProvidersAdmin.CreateAsync(admin, new { name = "claude", kind = "Anthropic", baseUrl = upstream.RootUrl, apiKey = Key, models = new[] { "claude-haiku-4-5" } });
        var (status, body) = await ProvidersAdmin.ChatAsync(admin, "claude-haiku-4-5");
        using var tested = await ProvidersAdmin.TestAsync(admin, "claude");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Hello from Claude, added at run time.", body, StringComparison.Ordinal);
        var received = upstream.Requests[0];
        Assert.Equal("/v1/messages", received.Path);
        Assert.Equal(Key, received.Headers["x-api-key"]);
        var listed = await ProvidersAdmin.GetAsync(admin, "claude");
        Assert.Equal("Anthropic", listed.GetProperty("kind").GetString());
        Assert.True(listed.GetProperty("hasApiKey").GetBoolean());
        var test = ProvidersAdmin.Parse(await tested.Content.ReadAsStringAsync());
        Assert.True(test.GetProperty("ok").GetBoolean(), test.ToString());
        Assert.Equal(1, test.GetProperty("models").GetInt32());
        Assert.Contains(upstream.Requests, request => request.Path == "/v1/models" && request.Headers["x-api-key"] == Key);
        await host.Database.AssertNotStoredAsync(Key);
    }

    [Fact]
    public async Task Create_AnthropicProviderWithoutBaseUrl_UsesAnthropicsOwn()
    {
        await using var host = await GatewayHost.StartAsync();
        using var admin = host.CreateAdminClient();

        var created = await ProvidersAdmin.CreateAsync(admin, new { name = "claude", kind = "anthropic", apiKey = Key, models = new[] { "claude-haiku-4-5" }, enabled = false });

        Assert.Equal("Anthropic", created.GetProperty("kind").GetString());
        Assert.Equal("https://api.anthropic.com", created.GetProperty("baseUrl").GetString());
    }
}
