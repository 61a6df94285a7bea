using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Tests.Reliability;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Observability;

/// <summary>
/// <c>/metrics</c> serves the gateway's own instruments in Prometheus text, with no key. The tests
/// that record straight into the metrics share one host; those that count calls to a provider start
/// one with that provider.
/// </summary>
public sealed class MetricsEndpointTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    private const string Requests = "warbler_gateway_requests_total";
    private const string Tokens = "warbler_gateway_tokens_total";

    [Fact]
    public async Task Metrics_AfterChatCompletions_CountsRequestsDurationsAndTokensByModelAndProvider()
    {
        await using var host = await GatewayHost.StartAsync(["obs-counted"]);
        using var client = await Calls.CreateClientAsync(host);
        var model = ObservedCalls.UniqueModel();

        Assert.Equal(HttpStatusCode.OK, await ObservedCalls.ChatAsync(client, model));
        Assert.Equal(HttpStatusCode.OK, await ObservedCalls.ChatAsync(client, model));
        Assert.Equal(HttpStatusCode.OK, await ObservedCalls.ChatAsync(client, model, stream: true));

        using var scraper = host.CreateClient();
        (string, string)[] labels = [("model", model), ("provider", "obs-counted")];
        var text = await PrometheusText.ScrapeUntilAsync(scraper, text =>
            PrometheusText.Value(text, Requests, [.. labels, ("status_code", "200")]) == 3
            && PrometheusText.Value(text, Tokens, [.. labels, ("kind", "completion")]) == 3 * 7);
        Assert.Equal(3 * 11, PrometheusText.Value(text, Tokens, [.. labels, ("kind", "prompt")]));
        Assert.Equal(3, PrometheusText.Value(text, "warbler_gateway_request_duration_seconds_count", [.. labels, ("status_code", "200")]));
        Assert.Contains("# TYPE warbler_gateway_request_duration_seconds histogram", text, StringComparison.Ordinal);

        // The providers' SocketsHttpHandler invokers are measured too.
        var upstreamPort = new Uri(host.Upstream.BaseUrl).Port.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(3, PrometheusText.Value(text, "http_client_request_duration_seconds_count", ("server_port", upstreamPort)));
    }

    [Fact]
    public async Task Metrics_503ThenSuccess_CountsOneRetryOfThatProvider()
    {
        await using var host = await GatewayHost.StartAsync(["obs-retried"]);
        host.Upstream.Enqueue(UpstreamScript.Fail(503), UpstreamScript.Answer());
        using var client = await Calls.CreateClientAsync(host);

        Assert.Equal(HttpStatusCode.OK, await ObservedCalls.ChatAsync(client, ObservedCalls.UniqueModel()));

        using var scraper = host.CreateClient();
        var text = await PrometheusText.ScrapeUntilAsync(scraper, text =>
            PrometheusText.Value(text, "warbler_gateway_retries_total", ("provider", "obs-retried")) is not null);
        Assert.Equal(1, PrometheusText.Value(text, "warbler_gateway_retries_total", ("provider", "obs-retried")));
        Assert.Null(PrometheusText.Value(text, "warbler_gateway_upstream_errors_total", ("provider", "obs-retried")));
    }

    [Fact]
    public async Task Metrics_ProviderFailsItsCall_CountsUpstreamErrorWithReasonAndTheClientsStatus()
    {
        await using var host = await GatewayHost.StartAsync(["obs-failing"], s => s["Gateway:Retry:MaxRetries"] = "0");
        host.Upstream.Default = UpstreamScript.Fail(503);
        using var client = await Calls.CreateClientAsync(host);
        var model = ObservedCalls.UniqueModel();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ObservedCalls.ChatAsync(client, model));

        using var scraper = host.CreateClient();
        var text = await PrometheusText.ScrapeUntilAsync(scraper, text =>
            PrometheusText.Value(text, Requests, ("model", model), ("status_code", "503")) == 1);
        Assert.Equal(1, PrometheusText.Value(text, "warbler_gateway_upstream_errors_total", ("provider", "obs-failing"), ("reason", "http_503")));
        Assert.Null(PrometheusText.Value(text, Tokens, ("model", model)));
    }

    [Fact]
    public async Task Metrics_RefusalsRecordedByAnotherFeature_AreExported()
    {
        var host = shared.Fresh();
        var metrics = host.Services.GetRequiredService<GatewayMetrics>();
        var reason = $"obs_{Guid.NewGuid():N}";

        metrics.RecordRateLimitRefusal(reason);
        metrics.RecordRateLimitRefusal(reason);

        using var scraper = host.CreateClient();
        await PrometheusText.ScrapeUntilAsync(scraper, text =>
            PrometheusText.Value(text, "warbler_gateway_rate_limit_refusals_total", ("reason", reason)) == 2);
    }

    [Fact]
    public async Task ObserveUsageQueue_LengthFunction_IsReportedAsGauge()
    {
        var host = shared.Fresh();
        var metrics = host.Services.GetRequiredService<GatewayMetrics>();

        metrics.ObserveUsageQueue(() => 42);

        // Other test servers in this process export gauges of the same name, so the value is
        // read from this server's own meter; /metrics only has to list the gauge.
        using var scraper = host.CreateClient();
        await PrometheusText.ScrapeUntilAsync(scraper, text =>
            PrometheusText.Value(text, "warbler_gateway_usage_writer_queue_length") is not null);
        Assert.Equal([42], HostMeterReader.ObserveInts(host, "warbler.gateway.usage_writer.queue_length"));
    }
}
