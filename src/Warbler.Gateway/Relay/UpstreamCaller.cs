using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Sends a call to its providers in order: each with retries and back-off (honouring the
/// upstream's <c>Retry-After</c>), then the next provider when one fails. Returns as soon as an
/// answer's headers arrive, so nothing has reached the client yet and failing over is still safe.
/// A provider that starts cooling down while a call is retrying it is not retried any further:
/// during a storm of failures the calls already under way do not keep hammering it.
/// The first attempt at each provider is sent directly; only an attempt the retry strategy would
/// retry enters the resilience pipeline, which is handed that attempt's outcome as its own first
/// attempt, so its delays, retries and logs are those it would have made for the whole call.
/// </summary>
internal sealed class UpstreamCaller
{
    /// <summary>Tells the retry strategy's <c>OnRetry</c> which provider it is retrying.</summary>
    private static readonly ResiliencePropertyKey<Provider> ProviderKey = new("warbler.provider");

    /// <summary>When the latest attempt was sent, where the provider's total time limit for its answer starts.</summary>
    private static readonly ResiliencePropertyKey<long> SentAtKey = new("warbler.sent-at");

    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UpstreamCaller> _logger;
    private readonly GatewayMetrics _metrics;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly bool _retries;

    public UpstreamCaller(IOptions<GatewayOptions> options, TimeProvider time, ILogger<UpstreamCaller> logger, GatewayMetrics metrics)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _retry = BuildRetryPipeline(_options.Retry);
        _retries = _options.Retry.MaxRetries > 0;
    }

    public async Task<UpstreamAnswer> SendAsync(UpstreamCall call, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        UpstreamAnswer? lastFailedAnswer = null;
        Func<string, OpenAIError> lastFailureError = OpenAIError.BadGateway;

        foreach (var provider in call.Providers)
        {
            // Most calls succeed at once, so the first attempt goes to the provider directly; the
            // retry pipeline (and its per-call context) is entered only when it would retry it.
            HttpResponseMessage? response = null;
            FirstAttempt? retried = null;
            var sentAt = _time.GetTimestamp();
            try
            {
                response = await SendOnceAsync(provider, call, cancellationToken);
                if (_retries && !response.IsSuccessStatusCode && ShouldRetry(response, null, provider, cancellationToken, _options.Retry.MaxDelay))
                {
                    retried = new FirstAttempt(response);
                }
            }
            catch (Exception exception) when (_retries && ShouldRetry(null, exception, provider, cancellationToken, _options.Retry.MaxDelay))
            {
                retried = new FirstAttempt(exception);
            }
            catch (Exception exception) when (IsSendFailure(exception, cancellationToken))
            {
                lastFailureError = RecordSendFailure(provider, exception, failures);
                continue;
            }

            if (retried is not null)
            {
                try
                {
                    (response, sentAt) = await RetryAsync(provider, call, retried, sentAt, cancellationToken);
                }
                catch (Exception exception) when (IsSendFailure(exception, cancellationToken))
                {
                    lastFailureError = RecordSendFailure(provider, exception, failures);
                    continue;
                }
            }

            Debug.Assert(response is not null, "answered by the first attempt or by the retries");

            if (response.IsSuccessStatusCode || !IsProviderFault(response.StatusCode))
            {
                if (response.IsSuccessStatusCode)
                {
                    provider.Health.RecordSuccess();
                }

                lastFailedAnswer?.Dispose();
                return new UpstreamAnswer(provider, response, sentAt);
            }

            RecordFailure(provider, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", $"http_{(int)response.StatusCode}", failures);
            lastFailureError = response.StatusCode switch
            {
                HttpStatusCode.ServiceUnavailable => OpenAIError.Unavailable,
                HttpStatusCode.GatewayTimeout => OpenAIError.GatewayTimeout,
                _ => OpenAIError.BadGateway,
            };
            lastFailedAnswer?.Dispose();
            lastFailedAnswer = new UpstreamAnswer(provider, response, sentAt);
        }

        // The upstream's own error goes back as it said it when it is the only failure, or a 4xx
        // (429 and its Retry-After) the client can act on; otherwise the client learns what each provider did.
        if (lastFailedAnswer is not null && (failures.Count == 1 || (int)lastFailedAnswer.Response.StatusCode < 500))
        {
            return lastFailedAnswer with { RetryAfter = ClientRetryAfter(lastFailedAnswer) };
        }

        var error = lastFailureError($"No provider could answer for '{call.Model}': {string.Join("; ", failures)}.");
        var retryAfter = error.StatusCode == StatusCodes.Status503ServiceUnavailable && lastFailedAnswer is not null ? ClientRetryAfter(lastFailedAnswer) : null;
        lastFailedAnswer?.Dispose();
        throw new OpenAIErrorException(error, GatewayErrorKind.ProvidersUnavailable) { RetryAfter = retryAfter };
    }

    /// <summary>The retry pipeline, its first attempt being the one already made.</summary>
    private async ValueTask<(HttpResponseMessage Response, long SentAt)> RetryAsync(Provider provider, UpstreamCall call, FirstAttempt first, long firstSentAt, CancellationToken cancellationToken)
    {
        var resilienceContext = ResilienceContextPool.Shared.Get(cancellationToken);
        resilienceContext.Properties.Set(ProviderKey, provider);
        resilienceContext.Properties.Set(SentAtKey, firstSentAt);
        try
        {
            var response = await _retry.ExecuteAsync(
                static (context, state) => state.First.Take() ?? state.Caller.SendAttemptAsync(state.Provider, state.Call, context),
                resilienceContext,
                (Caller: this, Provider: provider, Call: call, First: first));
            return (response, resilienceContext.Properties.GetValue(SentAtKey, firstSentAt));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilienceContext);
        }
    }

    /// <summary>A retried attempt, noting when it was sent for the answer's total time limit.</summary>
    private ValueTask<HttpResponseMessage> SendAttemptAsync(Provider provider, UpstreamCall call, ResilienceContext context)
    {
        context.Properties.Set(SentAtKey, _time.GetTimestamp());
        return SendOnceAsync(provider, call, context.CancellationToken);
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(Provider provider, UpstreamCall call, CancellationToken cancellationToken)
    {
        var timeouts = provider.Timeouts;

        // The headers must come within the first-byte timeout, and within the total time limit
        // when that is the shorter; the rest of the total is left for the body.
        var totalIsShorter = timeouts.Total < timeouts.FirstByte;
        using var request = provider.CreateRequest(call.Operation, call.Model, call.Body, call.ContentType);
        if (call.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var headersTimer = _time.CreateTimer(
            static linked => CancelQuietly((CancellationTokenSource)linked!), linked, totalIsShorter ? timeouts.Total : timeouts.FirstByte, Timeout.InfiniteTimeSpan);
        try
        {
            return await provider.Invoker.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamTimeoutException(
                !linked.IsCancellationRequested ? $"could not connect within {timeouts.Connect.TotalSeconds:0.###} s"
                : totalIsShorter ? $"no answer within {timeouts.Total.TotalSeconds:0.###} s, its total time limit"
                : $"no answer within {timeouts.FirstByte.TotalSeconds:0.###} s");
        }
    }

    /// <summary>The timer of an attempt may go off just as the attempt ends and disposes what it would cancel.</summary>
    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt is over.
        }
    }

    /// <summary>
    /// How long a client given a 429 or 503 should wait: what the upstream asked for, or else the
    /// back-off the next retry would have had; and never less than what is left of the provider's
    /// cool-down, as it will not be called before then.
    /// </summary>
    private TimeSpan? ClientRetryAfter(UpstreamAnswer answer)
    {
        if (answer.Response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            return null;
        }

        var retry = _options.Retry;
        var nextBackOff = retry.BaseDelay * Math.Pow(2, retry.MaxRetries);
        var wait = RetryAfter.Read(answer.Response, _time) ?? (nextBackOff < retry.MaxDelay ? nextBackOff : retry.MaxDelay);
        var coolingDownFor = answer.Provider.Health.CoolingDownUntil - _time.GetUtcNow();
        return coolingDownFor > wait ? coolingDownFor : wait;
    }

    /// <summary>
    /// An exception's message, with its cause's when the message only says that sending failed:
    /// "An error occurred while sending the request (Connection reset by peer)".
    /// </summary>
    private static string Describe(Exception exception)
    {
        var message = exception.Message.TrimEnd('.');
        var cause = exception.InnerException?.Message.TrimEnd('.');
        return exception is HttpRequestException && !string.IsNullOrEmpty(cause) && !message.Contains(cause, StringComparison.Ordinal)
            ? $"{message} ({cause})"
            : message;
    }

    private static bool IsSendFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or UpstreamTimeoutException && !cancellationToken.IsCancellationRequested;

    /// <summary>Counts a provider that could not be reached or timed out; returns the error it makes for the client.</summary>
    private Func<string, OpenAIError> RecordSendFailure(Provider provider, Exception exception, List<string> failures)
    {
        var timedOut = exception is UpstreamTimeoutException;
        RecordFailure(provider, Describe(exception), timedOut ? "timeout" : "network", failures);
        return timedOut ? OpenAIError.GatewayTimeout : OpenAIError.BadGateway;
    }

    /// <summary>Counts a provider's failure; <paramref name="reason"/> is a fixed word for the metric's label, unlike <paramref name="error"/>.</summary>
    private void RecordFailure(Provider provider, string error, string reason, List<string> failures)
    {
        failures.Add($"{provider.Name}: {error}");
        GatewayLog.ProviderFailed(_logger, provider.Name, error);
        _metrics.RecordUpstreamError(provider.Name, reason);
        if (provider.Health.RecordFailure(error, _options.CoolDown.FailureThreshold, _options.CoolDown.Duration))
        {
            GatewayLog.ProviderCoolingDown(_logger, provider.Name, _options.CoolDown.Duration);
        }
    }

    /// <summary>Failures that another provider may not share: the upstream is down, overloaded, or refuses our key.</summary>
    internal static bool IsProviderFault(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
            or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    private ResiliencePipeline<HttpResponseMessage> BuildRetryPipeline(RetryOptions retry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (retry.MaxRetries == 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = retry.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retry.BaseDelay,
            MaxDelay = retry.MaxDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(
                args.Outcome.Result, args.Outcome.Exception, args.Context.Properties.TryGetValue(ProviderKey, out var provider) ? provider : null,
                args.Context.CancellationToken, retry.MaxDelay)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter.Read(response, _time) : null),
            OnRetry = args =>
            {
                GatewayLog.Retrying(_logger, args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception?.Message ?? $"HTTP {(int?)args.Outcome.Result?.StatusCode}");
                if (args.Context.Properties.TryGetValue(ProviderKey, out var provider))
                {
                    _metrics.RecordRetry(provider.Name);
                }

                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    /// <summary>
    /// Connection errors, timeouts, 408, 429 and 5xx are retried; never 400, 401, 403 or 404.
    /// An upstream asking for a longer wait than <c>MaxDelay</c> is not retried here, nor is a
    /// provider that has started cooling down (other calls failed it meanwhile): the next provider
    /// gets the call instead.
    /// </summary>
    private bool ShouldRetry(HttpResponseMessage? response, Exception? exception, Provider? provider, CancellationToken cancellationToken, TimeSpan maxDelay)
    {
        if (cancellationToken.IsCancellationRequested || provider?.Health.IsCoolingDown == true)
        {
            return false;
        }

        if (exception is not null)
        {
            return exception is HttpRequestException or UpstreamTimeoutException;
        }

        if (!HttpClientResiliencePredicates.IsTransient(Outcome.FromResult(response)) || response!.StatusCode == HttpStatusCode.NotImplemented)
        {
            return false;
        }

        return RetryAfter.Read(response, _time) is not { } wait || wait <= maxDelay;
    }
}
