using System.Collections.Concurrent;
using System.Globalization;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Enforces each key's requests per minute, tokens per minute and requests in flight, in memory.
/// Tokens are reserved at admission (the prompt's count plus the completion allowed) and settled
/// with the real usage at the end. Answers carry OpenAI's <c>x-ratelimit-*</c> headers.
/// </summary>
public sealed class KeyRateLimiter(TimeProvider time, GatewayMetrics metrics)
{
    private readonly ConcurrentDictionary<Guid, KeyBuckets> _keys = new();

    /// <returns>The lease to settle when the request ends, or null for a key without limits.</returns>
    public RateLimitLease? Admit(CallerKey key, Func<int> reservedTokens, HttpResponse response)
    {
        var limits = key.Limits;
        if (!limits.Any)
        {
            return null;
        }

        var reserved = limits.TokensPerMinute is null && !limits.HasBudget ? 0 : reservedTokens();
        var buckets = _keys.GetOrAdd(key.Id, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            var now = time.GetUtcNow();
            buckets.Refill(limits, time.GetTimestamp(), time);
            buckets.RollPeriods(now);
            var refusal = Refusal(limits, buckets, reserved) ?? BudgetRefusal(limits, buckets, reserved, now);
            if (refusal is null)
            {
                buckets.Requests -= 1;
                buckets.Tokens -= reserved;
                buckets.InFlight++;
                if (limits.HasBudget)
                {
                    buckets.ReservedAgainstBudgets += reserved;
                }
            }

            WriteHeaders(response, limits, buckets);
            if (refusal is not null)
            {
                metrics.RecordRateLimitRefusal(refusal.Reason);
                throw refusal.Exception;
            }
        }

        return new RateLimitLease(buckets, limits, reserved, time);
    }

    /// <summary>What a key has spent so far, read from its usage records at start or when its budgets change.</summary>
    public void SetSpending(Guid keyId, long total, long today, long thisMonth)
    {
        var buckets = _keys.GetOrAdd(keyId, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            buckets.RollPeriods(time.GetUtcNow());
            buckets.SpentTotal = total;
            buckets.SpentToday = today;
            buckets.SpentThisMonth = thisMonth;
        }
    }

    /// <summary>A request whose reservation would take a budget past its end gets 429 insufficient_quota.</summary>
    private static Refused? BudgetRefusal(KeyLimits limits, KeyBuckets buckets, int reserved, DateTimeOffset now)
    {
        var pending = buckets.ReservedAgainstBudgets + reserved;
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        if (limits.DailyTokenBudget is { } daily && buckets.SpentToday + pending > daily)
        {
            return OverBudget("daily", daily, buckets.SpentToday, tomorrow - now);
        }

        if (limits.MonthlyTokenBudget is { } monthly && buckets.SpentThisMonth + pending > monthly)
        {
            return OverBudget("monthly", monthly, buckets.SpentThisMonth, nextMonth - now);
        }

        if (limits.TokenBudget is { } total && buckets.SpentTotal + pending > total)
        {
            return OverBudget("total", total, buckets.SpentTotal, null);
        }

        return null;
    }

    private static Refused OverBudget(string period, long budget, long spent, TimeSpan? renewsIn) => new(
        $"budget_{period}",
        new OpenAIErrorException(new OpenAIError(
            StatusCodes.Status429TooManyRequests,
            $"You exceeded this key's {period} token budget: {spent} of {budget} tokens used, and this request may need more than is left." +
                (renewsIn is null ? " Ask an administrator to raise the budget." : " The budget renews at the start of the next " + (period == "daily" ? "UTC day." : "UTC month.")),
            "insufficient_quota",
            Code: "insufficient_quota"))
        {
            RetryAfter = renewsIn,
        });

    /// <summary>Why a request was refused (a metric label) and what the client is told.</summary>
    private sealed record Refused(string Reason, OpenAIErrorException Exception);

    private static Refused? Refusal(KeyLimits limits, KeyBuckets buckets, int reserved)
    {
        if (limits.MaxConcurrentRequests is { } maxInFlight && buckets.InFlight >= maxInFlight)
        {
            return new("concurrency", RateLimited($"Rate limit reached: this key may have {maxInFlight} requests in flight at once.", TimeSpan.FromSeconds(1)));
        }

        if (limits.RequestsPerMinute is { } requestsPerMinute && buckets.Requests < 1)
        {
            return new("requests", RateLimited(
                $"Rate limit reached for requests: limit {requestsPerMinute} per minute.",
                TimeSpan.FromMinutes((1 - buckets.Requests) / requestsPerMinute)));
        }

        if (limits.TokensPerMinute is { } tokensPerMinute && reserved > buckets.Tokens)
        {
            if (reserved > tokensPerMinute)
            {
                return new("too_large", RateLimited($"Request too large: it may use {reserved} tokens (prompt and max_tokens), but this key's limit is {tokensPerMinute} tokens per minute. Lower max_tokens or shorten the prompt.", null));
            }

            return new("tokens", RateLimited(
                $"Rate limit reached for tokens: limit {tokensPerMinute} per minute, used {tokensPerMinute - (int)Math.Max(0, buckets.Tokens)}, requested {reserved}.",
                TimeSpan.FromMinutes((reserved - buckets.Tokens) / tokensPerMinute)));
        }

        return null;
    }

    private static OpenAIErrorException RateLimited(string message, TimeSpan? retryAfter) =>
        new(new OpenAIError(StatusCodes.Status429TooManyRequests, message, "requests", Code: "rate_limit_exceeded")) { RetryAfter = retryAfter };

    /// <summary>OpenAI's headers: the limit, what remains, and how long until the bucket is full again.</summary>
    private static void WriteHeaders(HttpResponse response, KeyLimits limits, KeyBuckets buckets)
    {
        if (limits.RequestsPerMinute is { } requestsPerMinute)
        {
            WriteHeaders(response, "requests", requestsPerMinute, buckets.Requests);
        }

        if (limits.TokensPerMinute is { } tokensPerMinute)
        {
            WriteHeaders(response, "tokens", tokensPerMinute, buckets.Tokens);
        }
    }

    private static void WriteHeaders(HttpResponse response, string kind, int perMinute, double available)
    {
        var remaining = (int)Math.Max(0, Math.Floor(available));
        var reset = TimeSpan.FromMinutes(Math.Max(0, perMinute - available) / perMinute);
        response.Headers[$"x-ratelimit-limit-{kind}"] = perMinute.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-remaining-{kind}"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[$"x-ratelimit-reset-{kind}"] = FormatDuration(reset);
    }

    /// <summary>Durations as OpenAI writes them: <c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>.</summary>
    internal static string FormatDuration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{Math.Ceiling(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms",
        < 60 => $"{Math.Round(duration.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture)}s",
        _ => $"{(int)duration.TotalMinutes}m{duration.Seconds.ToString(CultureInfo.InvariantCulture)}s",
    };
}
