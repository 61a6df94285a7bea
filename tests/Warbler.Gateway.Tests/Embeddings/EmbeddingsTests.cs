using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using OpenAI;
using OpenAI.Embeddings;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Embeddings;

/// <summary>
/// <c>/v1/embeddings</c> through Warbler, called with the OpenAI .NET library's <see cref="EmbeddingClient"/>:
/// relayed as it is, metered by the upstream's <c>usage.prompt_tokens</c>, counted against the key's limits.
/// </summary>
public sealed class EmbeddingsTests(PricedHostFixture shared) : IClassFixture<PricedHostFixture>
{
    [Fact]
    public async Task GenerateEmbeddings_ThroughWarbler_ReturnsVectorsAndRecordsTheUpstreamsTokens()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer() with { PromptTokens = 12 });
        var client = CreateClient(host, key);

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(["first text", "second text"], new EmbeddingGenerationOptions { Dimensions = 4 });

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(4, embeddings[1].ToFloats().Length);
        Assert.Equal(12, embeddings.Usage.InputTokenCount);
        var sent = host.Upstream.Requests.Single();
        Assert.Equal("/v1/embeddings", sent.Path);
        Assert.Contains("\"dimensions\":4", sent.Body, StringComparison.Ordinal);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        Assert.Equal(("text-embedding-3-small", 200, 12, 0, false, false), (record.Model, record.Status, record.PromptTokens, record.CompletionTokens, record.Stream, record.Estimated));
        Assert.Equal(12 * 20 / 1_000_000m, record.Cost);
    }

    [Fact]
    public async Task GenerateEmbedding_UpstreamReportsNoUsage_RecordsTheInputCountedByWarbler()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer() with { SendsUsage = false });
        var client = CreateClient(host, key);

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("Hello world");

        Assert.Equal(3, embedding.ToFloats().Length);
        var record = (await UsageRecords.WaitForKeyAsync(host, keyId, 1)).Single();
        // "Hello world" is two tokens in cl100k_base.
        Assert.Equal((2, 0, true), (record.PromptTokens, record.CompletionTokens, record.Estimated));
    }

    [Fact]
    public async Task GenerateEmbeddings_AsTokenIdsInBase64_AreRelayedAsSent()
    {
        var host = shared.Fresh();
        var client = CreateClient(host, await host.CreateKeyAsync());

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync([new[] { 9906, 1917 }, new[] { 15339 }]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(3, embeddings[0].ToFloats().Length);
        // The library asks for base64 itself; Warbler relays the answer without decoding it.
        Assert.Contains("\"encoding_format\":\"base64\"", host.Upstream.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensPerMinute_EmbeddingsCountTheirInputTokens()
    {
        var host = shared.Fresh();
        host.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 150 };
        using var http = host.CreateClient(await host.CreateKeyAsync(limits: new { tokensPerMinute = 200 }));

        using var first = await http.PostAsJsonAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "Hello" });
        using var second = await http.PostAsJsonAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = string.Join(' ', Enumerable.Repeat("word", 60)) });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // Admitted with its input's one token; settled with the 150 the upstream reported, which leaves 50.
        Assert.Equal("199", first.Headers.GetValues("x-ratelimit-remaining-tokens").Single());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("tokens", (await OpenAIErrorBody.ReadAsync(second)).Message, StringComparison.Ordinal);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task TokenBudget_SpentOnEmbeddings_RefusesTheNextRequest()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync(limits: new { dailyTokenBudget = 31 });
        host.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 30 };
        using var http = host.CreateClient(key);

        using var first = await http.PostAsJsonAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "Hello" });
        await UsageRecords.WaitForKeyAsync(host, keyId, 1);
        using var second = await http.PostAsJsonAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "Hello again" });
        using var chat = await http.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", max_tokens = 5, messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(second);
        Assert.Equal("insufficient_quota", error.Code);
        Assert.Contains("daily token budget: 30 of 31", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, chat.StatusCode);
    }

    [Fact]
    public async Task GenerateEmbedding_FirstProviderFailsWith503_IsRetriedThenAnsweredByTheNext()
    {
        await using var host = await GatewayHost.StartAsync(["alpha", "beta"]);
        host.Upstreams["alpha"].Default = UpstreamScript.Fail(503);
        host.Upstreams["beta"].Default = UpstreamScript.Answer() with { PromptTokens = 4 };
        var client = CreateClient(host, await host.CreateKeyAsync());

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("fail over");

        Assert.Equal(3, embedding.ToFloats().Length);
        Assert.Equal(3, host.Upstreams["alpha"].Requests.Count);
        Assert.All(host.Upstreams["alpha"].Requests, r => Assert.Equal("/v1/embeddings", r.Path));
        Assert.Single(host.Upstreams["beta"].Requests);
        var record = (await UsageRecords.WaitForAsync(host, 1)).Single();
        Assert.Equal(("beta", 4), (record.Provider, record.PromptTokens));
    }

    [Fact]
    public async Task Post_ToAzure_UsesTheDeploymentPath()
    {
        await using var host = await GatewayHost.StartAsync(configure: s =>
        {
            s["Providers:primary:Kind"] = "Azure";
            s["Providers:primary:BaseUrl"] = s["Providers:primary:BaseUrl"]![..^"/v1".Length];
            s["Providers:primary:Deployments:text-embedding-3-small"] = "embed-deployment";
        });
        using var http = host.CreateClient(await host.CreateKeyAsync());

        using var response = await http.PostAsJsonAsync("/v1/embeddings", new { model = "text-embedding-3-small", input = "Hello" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = host.Upstream.Requests.Single();
        Assert.Equal("/openai/deployments/embed-deployment/embeddings", sent.Path);
        Assert.StartsWith("?api-version=", sent.Query, StringComparison.Ordinal);
    }

    private static EmbeddingClient CreateClient(GatewayHost host, string key) => new(
        "text-embedding-3-small",
        new ApiKeyCredential(key),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(host.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(host.CreateClient()),
        });
}
