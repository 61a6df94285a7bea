using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>
/// The usage records of <c>/v1</c> and in-process calls come from the same accounting path: the
/// same test body, run through each surface, finds the same totals and the same estimates.
/// </summary>
public sealed class AccountingPathTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    [Theory]
    [InlineData(CallSurface.V1)]
    [InlineData(CallSurface.InProcess)]
    public async Task Stream_UpstreamReportsUsage_RecordedTotalsEqualWhatTheUpstreamReported(CallSurface surface)
    {
        var host = shared.Fresh();
        host.Upstream.Enqueue(
            UpstreamScript.Answer("one") with { PromptTokens = 10, CompletionTokens = 3 },
            UpstreamScript.Answer("two two") with { PromptTokens = 20, CompletionTokens = 5, CachedTokens = 8 },
            UpstreamScript.Answer("three three three") with { PromptTokens = 30, CompletionTokens = 7 });

        var answers = new List<SurfaceAnswer>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await SurfaceCalls.AskAsync(host, surface));
        }

        Assert.Equal(["one", "two two", "three three three"], answers.Select(a => a.Text));
        var records = await UsageRecords.WaitForRequestsAsync(host, [.. answers.Select(a => a.RequestId)]);
        Assert.All(records, r => Assert.Equal((200, false, true, "primary", SurfaceCalls.Model), (r.Status, r.Estimated, r.Stream, r.Provider, r.Model)));
        Assert.Equal((60, 8, 15), (records.Sum(r => r.PromptTokens), records.Sum(r => r.CachedTokens), records.Sum(r => r.CompletionTokens)));
    }

    [Theory]
    [InlineData(CallSurface.V1)]
    [InlineData(CallSurface.InProcess)]
    public async Task Stream_UpstreamSendsNoUsage_IsCountedByTheOneEstimatorAndMarkedEstimated(CallSurface surface)
    {
        var host = shared.Fresh();
        const string answer = "Tokenizers split text into pieces that models read, one token at a time.";
        host.Upstream.Default = UpstreamScript.Answer(answer) with { SendsUsage = false, Chunks = 6 };

        var asked = await SurfaceCalls.AskAsync(host, surface);

        Assert.Equal(answer, asked.Text);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, asked.RequestId));
        var estimator = host.Services.GetRequiredService<UsageEstimator>();
        Assert.Equal((200, true), (record.Status, record.Estimated));
        Assert.Equal(estimator.TextTokens(SurfaceCalls.Model, answer), record.CompletionTokens);
        Assert.Equal(estimator.PromptTokens(SurfaceCalls.Model, [SurfaceCalls.Prompt]), record.PromptTokens);
    }

    [Theory]
    [InlineData(CallSurface.V1)]
    [InlineData(CallSurface.InProcess)]
    public async Task Stream_CallerStopsAfterThreeChunks_IsBilledForWhatWasDeliveredAs499(CallSurface surface)
    {
        var host = shared.Fresh();
        var answer = string.Concat(Enumerable.Range(1, 20).Select(i => $"word{i} "));
        host.Upstream.Default = UpstreamScript.Answer(answer) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(300), CompletionTokens = 999 };

        var (received, requestId) = await SurfaceCalls.AskAsync(host, surface, stopAfter: 3);

        Assert.StartsWith(received, answer, StringComparison.Ordinal);
        var record = Assert.Single(await UsageRecords.WaitForRequestAsync(host, requestId));
        var estimator = host.Services.GetRequiredService<UsageEstimator>();
        Assert.Equal((499, true), (record.Status, record.Estimated));
        Assert.Equal(estimator.PromptTokens(SurfaceCalls.Model, [SurfaceCalls.Prompt]), record.PromptTokens);
        Assert.InRange(record.CompletionTokens, estimator.TextTokens(SurfaceCalls.Model, received), estimator.TextTokens(SurfaceCalls.Model, answer) / 2);
    }
}
