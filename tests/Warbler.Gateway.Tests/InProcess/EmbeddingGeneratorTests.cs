using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Errors;
using Warbler.Gateway.InProcess;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.InProcess;

/// <summary>
/// The gateway's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, as the chat service uses it:
/// routed to providers with embeddings, held to the caller's limits, and metered as the caller's usage.
/// </summary>
public sealed class EmbeddingGeneratorTests
{
    private static readonly Guid User = Guid.Parse("a11ce000-0000-4000-8000-000000000001");
    private static readonly Guid Bot = Guid.Parse("b0700000-0000-4000-8000-000000000003");

    [Fact]
    public async Task GenerateAsync_ThroughTheGateway_ReturnsVectorsInOrderAndRecordsTheCallersUsage()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer() with { PromptTokens = 9 });
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var embeddings = await generator.GenerateAsync(["one", "two"], Options("text-embedding-3-small", KeyLimits.None, dimensions: 5));

        Assert.Equal(2, embeddings.Count);
        Assert.Equal([1f / 2, 1f / 3, 1f / 4, 1f / 5, 1f / 6], embeddings[0].Vector.ToArray());
        Assert.Equal(2f / 2, embeddings[1].Vector.Span[0]);
        Assert.Equal(9, embeddings.Usage!.InputTokenCount);
        Assert.Equal("primary", embeddings.AdditionalProperties.GetProvider());
        Assert.Equal("/v1/embeddings", host.Upstream.Requests.Single().Path);
        var record = (await UsageRecords.WaitForAsync(host, 1)).Single();
        Assert.Equal((Guid.Empty, User, Bot, 200, 9, false), (record.KeyId, record.UserId, record.BotId, record.Status, record.PromptTokens, record.Stream));
    }

    [Fact]
    public async Task GenerateAsync_ProviderWithoutEmbeddings_ThrowsNamingTheRoute()
    {
        await using var host = await GatewayHost.StartAsync(configure: s => s["Providers:primary:Capabilities:0"] = "Images");
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => generator.GenerateAsync(["one"], Options("text-embedding-3-small", KeyLimits.None)));

        Assert.Equal(400, error.Status);
        Assert.Contains("does not offer embeddings (/v1/embeddings)", error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Upstream.Requests);
        var record = (await UsageRecords.WaitForAsync(host, 1)).Single();
        Assert.Equal((400, 0), (record.Status, record.PromptTokens));
    }

    [Fact]
    public async Task GenerateAsync_CallerOverItsDailyTokenBudget_IsRefused()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Upstream.Default = UpstreamScript.Answer() with { PromptTokens = 40 };
        var generator = host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var limits = KeyLimits.None with { DailyTokenBudget = 50 };

        await generator.GenerateAsync(["first"], Options("text-embedding-3-small", limits));
        await UsageRecords.WaitForAsync(host, 1);
        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => generator.GenerateAsync([string.Join(' ', Enumerable.Repeat("word", 20))], Options("text-embedding-3-small", limits)));

        Assert.Equal((int)HttpStatusCode.TooManyRequests, error.Status);
        Assert.Single(host.Upstream.Requests);
    }

    private static EmbeddingGenerationOptions Options(string model, KeyLimits limits, int? dimensions = null) =>
        new EmbeddingGenerationOptions { ModelId = model, Dimensions = dimensions }
            .WithEmbeddingCaller(new GatewayCaller(User, Bot, $"embed-{Guid.NewGuid():N}", limits));
}
