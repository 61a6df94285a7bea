using System.Collections.Concurrent;
using System.Diagnostics;
using Warbler.Gateway.Observability;
using Warbler.Testing;
using Warbler.Gateway.Tests.Observability;

namespace Warbler.Gateway.Tests.Bots;

/// <summary>Bot replies are counted in the gateway's own metrics with the same labels as <c>/v1</c> requests, and traced.</summary>
public sealed class BotObservabilityTests
{
    private const string HttpSourceName = "System.Net.Http";

    [Fact]
    public async Task GetStreamingResponseAsync_Reply_IsCountedInTheGatewayMetrics()
    {
        await using var host = await GatewayHost.StartAsync(["obs-bot-counted"]);
        var model = ObservedCalls.UniqueModel();

        await BotCalls.CollectAsync(host, BotCalls.Request(model: model));
        await BotCalls.CollectAsync(host, BotCalls.Request(model: model));

        using var scraper = host.CreateClient();
        (string, string)[] labels = [("model", model), ("provider", "obs-bot-counted")];
        var text = await PrometheusText.ScrapeUntilAsync(scraper, text =>
            PrometheusText.Value(text, "warbler_gateway_requests_total", [.. labels, ("status_code", "200")]) == 2
            && PrometheusText.Value(text, "warbler_gateway_tokens_total", [.. labels, ("kind", "completion")]) == 2 * 7);
        Assert.Equal(2 * 11, PrometheusText.Value(text, "warbler_gateway_tokens_total", [.. labels, ("kind", "prompt")]));
        Assert.Equal(2, PrometheusText.Value(text, "warbler_gateway_request_duration_seconds_count", [.. labels, ("status_code", "200")]));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Reply_HasABotCompletionActivityWithTheUpstreamCallAsChild()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GatewayTracing.SourceName or HttpSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await GatewayHost.StartAsync(["obs-bot-traced"]);
        var model = ObservedCalls.UniqueModel();

        await BotCalls.CollectAsync(host, BotCalls.Request(model: model));

        // The reply's activity was current only inside the service, not in the caller's code.
        Assert.Null(Activity.Current);
        var activity = Assert.Single(stopped, a => a.Source.Name == GatewayTracing.SourceName && (a.GetTagItem("model") as string) == model);
        Assert.Equal(GatewayTracing.BotCompletionActivityName, activity.OperationName);
        Assert.Equal(("obs-bot-traced", 200), (activity.GetTagItem("provider"), activity.GetTagItem("status_code")));
        Assert.Equal(BotCalls.Bot.ToString(), activity.GetTagItem("bot_id"));
        var upstream = Assert.Single(stopped, a => a.Source.Name == HttpSourceName && a.ParentSpanId == activity.SpanId);
        Assert.Equal(host.Upstream.BaseUrl + "/chat/completions", upstream.GetTagItem("url.full"));
    }
}
