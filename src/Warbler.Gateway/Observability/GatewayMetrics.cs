using System.Diagnostics;
using System.Diagnostics.Metrics;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Observability;

/// <summary>
/// The gateway's own instruments, on the meter <see cref="MeterName"/>: requests and their
/// duration, tokens, upstream errors, retries, rate-limit refusals, key lookups and reloads, and the usage writer's queue.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Warbler.Gateway";

    /// <summary>Completions take from well under a second to minutes; the default buckets are for milliseconds.</summary>
    private static readonly IReadOnlyList<double> DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _upstreamErrors;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _rateLimitRefusals;
    private readonly Counter<long> _keyLookups;
    private readonly Counter<long> _keyReloads;
    private readonly Counter<long> _journalFailures;
    private volatile Func<int>? _usageQueueLength;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        // From the host's factory, so each host (and each test server) has its own meter.
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("warbler.gateway.requests", "{request}",
            "Completion requests answered, by requested model, provider and HTTP status code.");
        _duration = meter.CreateHistogram("warbler.gateway.request.duration", "s",
            "Time from receiving a completion request to the end of its answer.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _tokens = meter.CreateCounter<long>("warbler.gateway.tokens", "{token}",
            "Tokens of answered completions, by model, provider and kind (prompt or completion).");
        _upstreamErrors = meter.CreateCounter<long>("warbler.gateway.upstream.errors", "{error}",
            "Providers that failed a call after their retries, by provider and reason.");
        _retries = meter.CreateCounter<long>("warbler.gateway.retries", "{retry}",
            "Calls sent to a provider again after a transient failure.");
        _rateLimitRefusals = meter.CreateCounter<long>("warbler.gateway.rate_limit.refusals", "{request}",
            "Requests refused by Warbler's own rate limits and budgets, by reason.");
        _keyLookups = meter.CreateCounter<long>("warbler.gateway.key_lookups", "{lookup}",
            "Keys this server did not know, looked up in the database (found, unknown, failed) or refused unread because too many lookups were under way (busy).");
        _keyReloads = meter.CreateCounter<long>("warbler.gateway.key_reloads", "{reload}",
            "Times this server read every key again because it may have missed the other servers' notices (its connection to Redis came back).");
        _journalFailures = meter.CreateCounter<long>("warbler.gateway.usage_journal.failures", "{record}",
            "Usage records the journal could not take (disk full, folder gone): kept in memory only, or their answers cut off.");
        // Created now and empty until a usage writer registers, so it never exists twice.
        meter.CreateObservableGauge("warbler.gateway.usage_writer.queue_length", ObserveQueueLength, "{record}",
            "Usage records waiting to be written to the database, with those of a batch being written or retried.");
    }

    /// <summary>A finished call, <c>/v1</c> or in-process: its request, duration and tokens, and the same labels on its activity.</summary>
    public void RecordCall(string model, string provider, int statusCode, TimeSpan duration, TokenUsage? usage, Activity? activity)
    {
        RecordRequest(model, provider, statusCode, duration);
        if (usage is not null)
        {
            RecordTokens(model, provider, usage.PromptTokens, usage.CompletionTokens);
        }

        if (activity is not null)
        {
            GatewayTracing.SetOutcome(activity, model, provider, statusCode);
        }
    }

    public void RecordRequest(string model, string provider, int statusCode, TimeSpan duration)
    {
        var tags = new TagList
        {
            { GatewayTags.Model, model },
            { GatewayTags.Provider, provider },
            { GatewayTags.StatusCode, statusCode },
        };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void RecordTokens(string model, string provider, int promptTokens, int completionTokens)
    {
        AddTokens(model, provider, "prompt", promptTokens);
        AddTokens(model, provider, "completion", completionTokens);
    }

    /// <summary>A provider failed a call after its retries; <paramref name="reason"/> is a fixed word (<c>timeout</c>, <c>http_503</c>) as it becomes a label.</summary>
    public void RecordUpstreamError(string provider, string reason) =>
        _upstreamErrors.Add(1, new KeyValuePair<string, object?>(GatewayTags.Provider, provider), new KeyValuePair<string, object?>(GatewayTags.Reason, reason));

    public void RecordRetry(string provider) =>
        _retries.Add(1, new KeyValuePair<string, object?>(GatewayTags.Provider, provider));

    /// <summary>Warbler refused a request by its own limits; <paramref name="reason"/> is a fixed word naming the limit, such as <c>requests_per_minute</c>.</summary>
    public void RecordRateLimitRefusal(string reason) =>
        _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>(GatewayTags.Reason, reason));

    /// <summary>A key the cache did not know was looked up; <paramref name="outcome"/> is a fixed word, as it becomes a label.</summary>
    public void RecordKeyLookup(string outcome) =>
        _keyLookups.Add(1, new KeyValuePair<string, object?>(GatewayTags.Outcome, outcome));

    /// <summary>Every key was read again, after notices may have been missed.</summary>
    public void RecordKeyReload() => _keyReloads.Add(1);

    /// <summary>A usage record the journal could not take.</summary>
    public void RecordJournalFailure() => _journalFailures.Add(1);

    /// <summary>Reports <paramref name="length"/> as the usage writer's queue length; a later call replaces an earlier one.</summary>
    public void ObserveUsageQueue(Func<int> length) => _usageQueueLength = length;

    private void AddTokens(string model, string provider, string kind, int count)
    {
        if (count > 0)
        {
            _tokens.Add(count,
                new KeyValuePair<string, object?>(GatewayTags.Model, model),
                new KeyValuePair<string, object?>(GatewayTags.Provider, provider),
                new KeyValuePair<string, object?>(GatewayTags.Kind, kind));
        }
    }

    private IEnumerable<Measurement<int>> ObserveQueueLength() =>
        _usageQueueLength is { } length ? [new Measurement<int>(length())] : [];
}
