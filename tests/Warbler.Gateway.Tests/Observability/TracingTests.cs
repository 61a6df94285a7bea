using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Tests.Reliability;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>
/// Each relayed request is one activity, and the call to the upstream (over the provider's own
/// <c>SocketsHttpHandler</c> invoker) is its child, as a tracing exporter would see them.
/// </summary>
public sealed class TracingTests
{
    private const string HttpSourceName = "System.Net.Http";

    [Fact]
    public async Task Post_ChatCompletion_RelayActivityHasTheUpstreamCallAsChild()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GatewayTracing.SourceName or HttpSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await GatewayHost.StartAsync(["obs-traced"]);
        using var client = await Calls.CreateClientAsync(host);
        var model = ObservedCalls.UniqueModel();

        Assert.Equal(HttpStatusCode.OK, await ObservedCalls.ChatAsync(client, model));

        // The relay activity stops just after the answer has gone out.
        var relay = await PollAsync(() => stopped.FirstOrDefault(a =>
            a.Source.Name == GatewayTracing.SourceName && (a.GetTagItem("model") as string) == model));
        Assert.Equal(GatewayTracing.RelayActivityName, relay.OperationName);
        Assert.Equal("obs-traced", relay.GetTagItem("provider"));
        Assert.Equal(200, relay.GetTagItem("status_code"));

        var upstream = Assert.Single(stopped, a => a.Source.Name == HttpSourceName && a.ParentSpanId == relay.SpanId);
        Assert.Equal(relay.TraceId, upstream.TraceId);
        Assert.Equal(ActivityKind.Client, upstream.Kind);
        Assert.Equal(host.Upstream.BaseUrl + "/chat/completions", upstream.GetTagItem("url.full"));
    }

    private static async Task<Activity> PollAsync(Func<Activity?> find)
    {
        var giveUpAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTimeOffset.UtcNow < giveUpAt, "the relay activity never stopped");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }
}
