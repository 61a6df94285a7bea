using System.Diagnostics.Metrics;
using System.Net;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Tests.Relay;

/// <summary>
/// <see cref="UpstreamCaller"/>'s first attempt goes to the provider directly and enters the retry
/// pipeline only when it failed: these check that a failed first attempt is still retried, counted
/// and failed over exactly as before.
/// </summary>
public sealed class UpstreamCallerRetryTests
{
    private static readonly Func<HttpResponseMessage> Ok = () => RelayParts.Json(HttpStatusCode.OK, """{"choices":[]}""");
    private static readonly Func<HttpResponseMessage> Busy = () => RelayParts.Json(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"busy"}}""");

    [Fact]
    public async Task SendAsync_FirstAttemptAnswers_ProviderIsCalledOnceAndNothingIsRetried()
    {
        var meters = RelayParts.Meters();
        using var retries = new RetryCount(meters);
        var alpha = new ScriptedHandler(Ok);
        using var a = RelayParts.Provider("alpha", alpha);

        using var answer = await RelayParts.Caller(2, meters).SendAsync(Call(a), CancellationToken.None);

        Assert.Equal((HttpStatusCode.OK, 1, 0), (answer.Response.StatusCode, alpha.Requests, retries.Total));
    }

    [Fact]
    public async Task SendAsync_FirstAttemptCannotConnect_IsRetriedAndTheRetryAnswers()
    {
        var meters = RelayParts.Meters();
        using var retries = new RetryCount(meters);
        var alpha = new ScriptedHandler(() => throw new HttpRequestException("Connection refused"), Ok);
        using var a = RelayParts.Provider("alpha", alpha);

        using var answer = await RelayParts.Caller(2, meters).SendAsync(Call(a), CancellationToken.None);

        Assert.Equal(("alpha", HttpStatusCode.OK), (answer.Provider.Name, answer.Response.StatusCode));
        Assert.Equal((2, 1), (alpha.Requests, retries.Total));
    }

    [Fact]
    public async Task SendAsync_EveryAttemptFails503_RetriedMaxRetriesTimesThenFailsOver()
    {
        var meters = RelayParts.Meters();
        using var retries = new RetryCount(meters);
        var alpha = new ScriptedHandler(Busy);
        var beta = new ScriptedHandler(Busy, Busy, Ok);
        using var a = RelayParts.Provider("alpha", alpha);
        using var b = RelayParts.Provider("beta", beta);

        using var answer = await RelayParts.Caller(2, meters).SendAsync(Call(a, b), CancellationToken.None);

        Assert.Equal(("beta", HttpStatusCode.OK), (answer.Provider.Name, answer.Response.StatusCode));
        Assert.Equal((3, 3, 4), (alpha.Requests, beta.Requests, retries.Total));
    }

    [Fact]
    public async Task SendAsync_EveryAttemptCannotConnect_ThrowsProvidersUnavailableAfterTheRetries()
    {
        var alpha = new ScriptedHandler(() => throw new HttpRequestException("Connection refused"));
        using var a = RelayParts.Provider("alpha", alpha);

        var error = await Assert.ThrowsAsync<OpenAIErrorException>(() => RelayParts.Caller(maxRetries: 2).SendAsync(Call(a), CancellationToken.None));

        Assert.Equal((GatewayErrorKind.ProvidersUnavailable, 502, 3), (error.Kind, error.Status, alpha.Requests));
        Assert.Contains("alpha: Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ProviderCoolingDownFailsItsFirstAttempt_NotRetriedButFailedOver()
    {
        var alpha = new ScriptedHandler(Busy);
        var beta = new ScriptedHandler(Ok);
        using var a = RelayParts.Provider("alpha", alpha);
        using var b = RelayParts.Provider("beta", beta);
        a.Health.RecordFailure("HTTP 503", threshold: 1, coolDown: TimeSpan.FromMinutes(1));

        using var answer = await RelayParts.Caller(maxRetries: 2).SendAsync(Call(a, b), CancellationToken.None);

        Assert.Equal(("beta", 1, 1), (answer.Provider.Name, alpha.Requests, beta.Requests));
    }

    [Fact]
    public async Task SendAsync_RetriesAreOff_AFailedAttemptFailsOverAtOnce()
    {
        var alpha = new ScriptedHandler(() => throw new HttpRequestException("Connection refused"));
        var beta = new ScriptedHandler(Ok);
        using var a = RelayParts.Provider("alpha", alpha);
        using var b = RelayParts.Provider("beta", beta);

        using var answer = await RelayParts.Caller(maxRetries: 0).SendAsync(Call(a, b), CancellationToken.None);

        Assert.Equal(("beta", 1, 1), (answer.Provider.Name, alpha.Requests, beta.Requests));
    }

    [Fact]
    public async Task SendAsync_ClientGoneDuringTheFirstAttempt_ThrowsCancellationWithoutRetrying()
    {
        using var cancel = new CancellationTokenSource();
        var alpha = new ScriptedHandler(() =>
        {
            cancel.Cancel();
            throw new OperationCanceledException(cancel.Token);
        });
        using var a = RelayParts.Provider("alpha", alpha);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RelayParts.Caller(maxRetries: 2).SendAsync(Call(a), cancel.Token));

        Assert.Equal(1, alpha.Requests);
    }

    private static UpstreamCall Call(params Provider[] providers) =>
        new(UpstreamOperation.ChatCompletions, "gpt-4o-mini", """{"model":"gpt-4o-mini","messages":[]}"""u8.ToArray(), providers);

    /// <summary>Sums <c>warbler.gateway.retries</c> on one meter factory.</summary>
    private sealed class RetryCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public RetryCount(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "warbler.gateway.retries" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
