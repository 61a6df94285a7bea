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
/// </summary>
public sealed class UpstreamCaller
{
    /// <summary>Tells the retry strategy's <c>OnRetry</c> which provider it is retrying.</summary>
    private static readonly ResiliencePropertyKey<Provider> ProviderKey = new("warbler.provider");

    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UpstreamCaller> _logger;
    private readonly GatewayMetrics _metrics;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public UpstreamCaller(IOptions<GatewayOptions> options, TimeProvider time, ILogger<UpstreamCaller> logger, GatewayMetrics metrics)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _retry = BuildRetryPipeline(_options.Retry);
    }

    public async Task<UpstreamAnswer> SendAsync(UpstreamCall call, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        UpstreamAnswer? lastFailedAnswer = null;
        Func<string, OpenAIError> lastFailureError = OpenAIError.BadGateway;

        foreach (var provider in call.Providers)
        {
            HttpResponseMessage response;
            var resilienceContext = ResilienceContextPool.Shared.Get(cancellationToken);
            resilienceContext.Properties.Set(ProviderKey, provider);
            try
            {
                response = await _retry.ExecuteAsync(
                    static (context, state) => state.Caller.SendOnceAsync(state.Provider, state.Call, context.CancellationToken),
                    resilienceContext,
                    (Caller: this, Provider: provider, Call: call));
            }
            catch (Exception exception) when (exception is HttpRequestException or UpstreamTimeoutException && !cancellationToken.IsCancellationRequested)
            {
                var timedOut = exception is UpstreamTimeoutException;
                RecordFailure(provider, exception.Message, timedOut ? "timeout" : "network", failures);
                lastFailureError = timedOut ? OpenAIError.GatewayTimeout : OpenAIError.BadGateway;
                continue;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(resilienceContext);
            }

            if (response.IsSuccessStatusCode || !IsProviderFault(response.StatusCode))
            {
                if (response.IsSuccessStatusCode)
                {
                    provider.Health.RecordSuccess();
                }

                lastFailedAnswer?.Dispose();
                return new UpstreamAnswer(provider, response);
            }

            RecordFailure(provider, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", $"http_{(int)response.StatusCode}", failures);
            lastFailureError = response.StatusCode switch
            {
                HttpStatusCode.ServiceUnavailable => OpenAIError.Unavailable,
                HttpStatusCode.GatewayTimeout => OpenAIError.GatewayTimeout,
                _ => OpenAIError.BadGateway,
            };
            lastFailedAnswer?.Dispose();
            lastFailedAnswer = new UpstreamAnswer(provider, response);
        }

        // The upstream's own error goes back as it said it when it is the only failure, or a 4xx
        // (429 and its Retry-After) the client can act on; otherwise the client learns what each provider did.
        if (lastFailedAnswer is not null && (failures.Count == 1 || (int)lastFailedAnswer.Response.StatusCode < 500))
        {
            return lastFailedAnswer;
        }

        lastFailedAnswer?.Dispose();
        throw new OpenAIErrorException(lastFailureError($"No provider could answer for '{call.Model}': {string.Join("; ", failures)}."));
    }

    private async ValueTask<HttpResponseMessage> SendOnceAsync(Provider provider, UpstreamCall call, CancellationToken cancellationToken)
    {
        using var request = provider.CreateRequest(call.Operation, call.Model, call.Body);
        using var firstByte = new CancellationTokenSource(provider.Timeouts.FirstByte, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, firstByte.Token);
        try
        {
            return await provider.Invoker.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamTimeoutException(firstByte.IsCancellationRequested
                ? $"no answer within {provider.Timeouts.FirstByte.TotalSeconds:0.###} s"
                : $"could not connect within {provider.Timeouts.Connect.TotalSeconds:0.###} s");
        }
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
    private static bool IsProviderFault(HttpStatusCode status) =>
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
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, retry.MaxDelay, args.Context.CancellationToken)),
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
    /// An upstream asking for a longer wait than <c>MaxDelay</c> is not retried here: the next
    /// provider gets the call instead.
    /// </summary>
    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxDelay, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or UpstreamTimeoutException;
        }

        var response = outcome.Result!;
        if (!HttpClientResiliencePredicates.IsTransient(outcome) || response.StatusCode == HttpStatusCode.NotImplemented)
        {
            return false;
        }

        return RetryAfter.Read(response, _time) is not { } wait || wait <= maxDelay;
    }
}
