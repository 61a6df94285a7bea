using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Tests.Relay;

/// <summary>The relay's parts built without a host: providers whose HTTP is a scripted handler.</summary>
internal static class RelayParts
{
    public static Provider Provider(string name, ScriptedHandler handler) =>
        new(name, new ProviderOptions { BaseUrl = $"http://{name}.test/v1" }, $"sk-{name}-secret", new HttpMessageInvoker(handler), TimeProvider.System);

    /// <summary>An <see cref="UpstreamCaller"/> that retries <paramref name="maxRetries"/> times, a millisecond apart.</summary>
    public static UpstreamCaller Caller(int maxRetries = 0) => Caller(maxRetries, Meters());

    /// <summary>As <see cref="Caller(int)"/>, its metrics on <paramref name="meters"/>.</summary>
    public static UpstreamCaller Caller(int maxRetries, IMeterFactory meters)
    {
        var options = new GatewayOptions();
        options.Retry.MaxRetries = maxRetries;
        options.Retry.BaseDelay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(1);
        return new UpstreamCaller(Options.Create(options), TimeProvider.System, NullLogger<UpstreamCaller>.Instance, new GatewayMetrics(meters));
    }

    /// <summary>A meter factory of its own, so a listener can tell its instruments from other tests'.</summary>
    public static IMeterFactory Meters() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Sse(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "text/event-stream") };
}

/// <summary>Answers each request with the next scripted response, and counts the requests.</summary>
internal sealed class ScriptedHandler(params Func<HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private int _next;

    public int Requests => _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        return Task.FromResult(answers[Math.Min(index, answers.Length - 1)]());
    }
}
