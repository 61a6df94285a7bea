using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Configuration;

public sealed class ProviderConfigurationTests
{
    [Fact]
    public async Task OpenAIApiKey_AloneWithBaseUrl_DefinesProviderOpenAIForEveryModel()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: [], configure: s =>
        {
            s["OPENAI_API_KEY"] = "sk-openai-shortcut";
            s["OPENAI_BASE_URL"] = upstream.BaseUrl;
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "any-model-at-all"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("Bearer sk-openai-shortcut", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task Providers_ApiKeyEnvironmentVariable_ReadsTheKeyFromThatVariable()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s.Remove("Providers:primary:ApiKey");
            s["Providers:primary:ApiKeyEnvironmentVariable"] = "PRIMARY_PROVIDER_KEY";
            s["PRIMARY_PROVIDER_KEY"] = "sk-from-named-variable";
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());

        Assert.Equal("Bearer sk-from-named-variable", Assert.Single(host.Upstream.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Providers_AzureKind_UsesDeploymentUrlApiVersionAndApiKeyHeader()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: [], configure: s =>
        {
            s["Providers:azure:Kind"] = "Azure";
            s["Providers:azure:BaseUrl"] = upstream.RootUrl;
            s["Providers:azure:ApiKey"] = "azure-secret";
            s["Providers:azure:ApiVersion"] = "2024-10-21";
            s["Providers:azure:Deployments:gpt-4o"] = "my-gpt4o-deployment";
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "gpt-4o"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("/openai/deployments/my-gpt4o-deployment/chat/completions", received.Path);
        Assert.Equal("?api-version=2024-10-21", received.Query);
        Assert.Equal("azure-secret", received.Headers["api-key"]);
        Assert.False(received.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Models_ConfiguredListsAndUpstreamLists_AreMergedOnce()
    {
        await using var host = await GatewayHost.StartAsync(["listed", "open"], s =>
        {
            s["Providers:listed:Models:0"] = "alpha";
            s["Providers:listed:Models:1"] = "beta";
        });
        host.Upstreams["open"].Models = ["beta", "gamma"];
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));
        using var one = JsonDocument.Parse(await client.GetStringAsync("/v1/models/gamma"));
        using var missing = await client.GetAsync("/v1/models/delta");

        Assert.Equal("list", list.RootElement.GetProperty("object").GetString());
        Assert.Equal(["alpha", "beta", "gamma"], list.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("model", one.RootElement.GetProperty("object").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("model_not_found", (await OpenAIErrorBody.ReadAsync(missing)).Code);
    }

    [Fact]
    public async Task Models_KeyLimitedToSomeModels_ListsOnlyThose()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Providers:primary:Models:0"] = "alpha");
        host.Upstream.Models = ["alpha", "beta"];
        using var client = host.CreateClient(await host.CreateKeyAsync(models: ["beta"]));

        using var list = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));

        Assert.Empty(list.RootElement.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Aliases_PublicModelName_IsSentAsTheProvidersOwnNameAndListed()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Providers:primary:Models:0"] = "deepseek-chat";
            s["Providers:primary:Aliases:gpt-4o"] = "deepseek-chat";
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var aliased = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "gpt-4o"));
        using var listed = JsonDocument.Parse(await client.GetStringAsync("/v1/models"));
        using var unknown = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "gpt-4.1"));

        Assert.Equal(HttpStatusCode.OK, aliased.StatusCode);
        using var sent = JsonDocument.Parse(Assert.Single(host.Upstream.Requests).Body);
        Assert.Equal("deepseek-chat", sent.RootElement.GetProperty("model").GetString());
        Assert.Equal("Hello", sent.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal(["deepseek-chat", "gpt-4o"], listed.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Aliases_OnAzure_UseTheDeploymentOfTheProvidersModel()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        await using var host = await GatewayHost.StartAsync(providers: [], configure: s =>
        {
            s["Providers:azure:Kind"] = "Azure";
            s["Providers:azure:BaseUrl"] = upstream.RootUrl;
            s["Providers:azure:ApiKey"] = "azure-secret";
            s["Providers:azure:Models:0"] = "gpt-4o";
            s["Providers:azure:Aliases:smart"] = "gpt-4o";
            s["Providers:azure:Deployments:gpt-4o"] = "prod-gpt4o";
        });
        using var client = host.CreateClient(await host.CreateKeyAsync());

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest(model: "smart"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/deployments/prod-gpt4o/chat/completions", Assert.Single(upstream.Requests).Path);
    }
}
