using System.Collections.Concurrent;
using System.Globalization;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Enforces each key's requests per minute, tokens per minute, requests in flight and budgets, in
/// memory. Tokens (and their cost) are reserved at admission (the prompt's count plus the
/// completion allowed) and settled with the real usage at the end. Answers carry OpenAI's
/// <c>x-ratelimit-*</c> headers. Users' limits on bot replies are kept here too, under the
/// user's id (ids of keys and users are random GUIDs, so they do not collide).
/// </summary>
public sealed class KeyRateLimiter(TimeProvider time, GatewayMetrics metrics, PriceTable prices)
{
    /// <summary>What the headers say of a kind the key has no limit on: a number, so clients that parse them keep working.</summary>
    internal const int Unlimited = int.MaxValue;

    private static readonly string UnlimitedText = Unlimited.ToString(CultureInfo.InvariantCulture);

    private readonly ConcurrentDictionary<Guid, KeyBuckets> _keys = new();

    /// <summary>
    /// Admits a request for <c>model</c>, or throws the 429 (or 403 for a model without a price
    /// under a cost budget) to answer. <c>reserve</c> gives the prompt's tokens and the completion
    /// tokens allowed; it is called only when a limit needs them. The key's <c>x-ratelimit-*</c>
    /// headers are written to <paramref name="response"/>; in-process callers, which have none, pass null.
    /// </summary>
    /// <returns>The lease to settle when the request ends, or null for a key without limits.</returns>
    public RateLimitLease? Admit(CallerKey key, string model, Func<(int Prompt, int Completion)> reserve, HttpResponse? response)
    {
        var limits = key.Limits;
        if (!limits.Any)
        {
            // GatewayKeyFilter has written the headers of a key without limits.
            return null;
        }

        var price = limits.HasCostBudget ? prices.Find(model) ?? throw NotPriced(model) : null;
        var (prompt, completion) = limits.TokensPerMinute is null && !limits.HasBudget ? (0, 0) : reserve();
        var reserved = prompt + completion;
        var reservedCost = price is null ? 0 : PriceTable.Cost(price, prompt, 0, completion);
        var buckets = _keys.GetOrAdd(key.Id, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            var now = time.GetUtcNow();
            buckets.Refill(limits, time.GetTimestamp(), time);
            buckets.RollPeriods(now);
            var refusal = Refusal(limits, buckets, reserved) ?? BudgetRefusal(limits, buckets, reserved, reservedCost, now);
            if (refusal is null)
            {
                buckets.Requests -= 1;
                buckets.Tokens -= reserved;
                buckets.InFlight++;
                if (limits.HasBudget)
                {
                    buckets.ReservedAgainstBudgets += reserved;
                    buckets.ReservedCostAgainstBudgets += reservedCost;
                }
            }

            if (response is not null)
            {
                WriteHeaders(response, limits, buckets);
            }

            if (refusal is not null)
            {
                metrics.RecordRateLimitRefusal(refusal.Reason);
                throw refusal.Exception;
            }
        }

        return new RateLimitLease(buckets, limits, reserved, reservedCost, time);
    }

    /// <summary>Writes the key's current <c>x-ratelimit-*</c> headers without taking anything: for <c>/v1</c> answers that are not completions.</summary>
    public void WriteCurrentHeaders(CallerKey key, HttpResponse response)
    {
        var limits = key.Limits;
        if (limits.RequestsPerMinute is null && limits.TokensPerMinute is null)
        {
            WriteUnlimitedHeaders(response);
            return;
        }

        var buckets = _keys.GetOrAdd(key.Id, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            buckets.Refill(limits, time.GetTimestamp(), time);
            WriteHeaders(response, limits, buckets);
        }
    }

    private static OpenAIErrorException NotPriced(string model) => new(new OpenAIError(
        StatusCodes.Status403Forbidden,
        $"This key has a cost budget, and the model '{model}' has no price in this server's price table, so its cost cannot be counted. Ask an administrator to add a price for it.",
        "invalid_request_error",
        "model",
        "model_not_priced"));

    /// <summary>What a key has spent so far, read from its usage records at start or when its budgets change.</summary>
    public void SetSpending(KeySpending spending)
    {
        var buckets = _keys.GetOrAdd(spending.KeyId, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            buckets.RollPeriods(time.GetUtcNow());
            buckets.SpentTotal = spending.Total;
            buckets.SpentToday = spending.Today;
            buckets.SpentThisMonth = spending.ThisMonth;
            buckets.CostTotal = spending.CostTotal;
            buckets.CostToday = spending.CostToday;
            buckets.CostThisMonth = spending.CostThisMonth;
        }
    }

    /// <summary>A request whose reservation would take a budget past its end gets 429 insufficient_quota.</summary>
    private Refused? BudgetRefusal(KeyLimits limits, KeyBuckets buckets, int reserved, decimal reservedCost, DateTimeOffset now)
    {
        if (!limits.HasBudget)
        {
            return null;
        }

        var pending = buckets.ReservedAgainstBudgets + reserved;
        var pendingCost = buckets.ReservedCostAgainstBudgets + reservedCost;
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        if (limits.DailyTokenBudget is { } daily && buckets.SpentToday + pending > daily)
        {
            return OverBudget("daily token", $"{buckets.SpentToday} of {daily} tokens", tomorrow - now);
        }

        if (limits.DailyCostBudget is { } dailyCost && buckets.CostToday + pendingCost > dailyCost)
        {
            return OverBudget("daily cost", Money(buckets.CostToday, dailyCost), tomorrow - now);
        }

        if (limits.MonthlyTokenBudget is { } monthly && buckets.SpentThisMonth + pending > monthly)
        {
            return OverBudget("monthly token", $"{buckets.SpentThisMonth} of {monthly} tokens", nextMonth - now);
        }

        if (limits.MonthlyCostBudget is { } monthlyCost && buckets.CostThisMonth + pendingCost > monthlyCost)
        {
            return OverBudget("monthly cost", Money(buckets.CostThisMonth, monthlyCost), nextMonth - now);
        }

        if (limits.TokenBudget is { } total && buckets.SpentTotal + pending > total)
        {
            return OverBudget("total token", $"{buckets.SpentTotal} of {total} tokens", null);
        }

        if (limits.CostBudget is { } totalCost && buckets.CostTotal + pendingCost > totalCost)
        {
            return OverBudget("total cost", Money(buckets.CostTotal, totalCost), null);
        }

        return null;
    }

    private string Money(decimal spent, decimal budget) =>
        $"{Math.Round(spent, 4).ToString(CultureInfo.InvariantCulture)} of {budget.ToString(CultureInfo.InvariantCulture)} {prices.Currency}";

    /// <summary>The refusal for a spent budget: <c>budget</c> names it ("daily token"), <c>used</c> says what is used ("120 of 1000 tokens").</summary>
    private static Refused OverBudget(string budget, string used, TimeSpan? renewsIn) => new(
        "budget_" + budget.Replace(' ', '_'),
        new OpenAIErrorException(new OpenAIError(
            StatusCodes.Status429TooManyRequests,
            $"You exceeded this key's {budget} budget: {used} used, and this request may need more than is left." +
                (renewsIn is null ? " Ask an administrator to raise the budget." : " The budget renews at the start of the next " + (budget.StartsWith("daily", StringComparison.Ordinal) ? "UTC day." : "UTC month.")),
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

    private static readonly RateLimitHeaderNames RequestHeaders = new("requests");
    private static readonly RateLimitHeaderNames TokenHeaders = new("tokens");

    /// <summary>OpenAI's headers: the limit, what remains, and how long until the bucket is full again.</summary>
    private static void WriteHeaders(HttpResponse response, KeyLimits limits, KeyBuckets buckets)
    {
        WriteHeaders(response, RequestHeaders, limits.RequestsPerMinute, buckets.Requests);
        WriteHeaders(response, TokenHeaders, limits.TokensPerMinute, buckets.Tokens);
    }

    private static void WriteUnlimitedHeaders(HttpResponse response)
    {
        WriteHeaders(response, RequestHeaders, null, 0);
        WriteHeaders(response, TokenHeaders, null, 0);
    }

    private static void WriteHeaders(HttpResponse response, RateLimitHeaderNames names, int? perMinute, double available)
    {
        var headers = response.Headers;
        if (perMinute is not { } limit)
        {
            headers[names.Limit] = UnlimitedText;
            headers[names.Remaining] = UnlimitedText;
            headers[names.Reset] = "0s";
            return;
        }

        var remaining = (int)Math.Max(0, Math.Floor(available));
        var reset = TimeSpan.FromMinutes(Math.Max(0, limit - available) / limit);
        headers[names.Limit] = limit.ToString(CultureInfo.InvariantCulture);
        headers[names.Remaining] = remaining.ToString(CultureInfo.InvariantCulture);
        headers[names.Reset] = FormatDuration(reset);
    }

    private sealed class RateLimitHeaderNames(string kind)
    {
        public string Limit { get; } = $"x-ratelimit-limit-{kind}";

        public string Remaining { get; } = $"x-ratelimit-remaining-{kind}";

        public string Reset { get; } = $"x-ratelimit-reset-{kind}";
    }

    /// <summary>Durations as OpenAI writes them: <c>20ms</c>, <c>1.5s</c>, <c>6m0s</c>.</summary>
    internal static string FormatDuration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{Math.Ceiling(duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms",
        < 60 => $"{Math.Round(duration.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture)}s",
        _ => $"{(int)duration.TotalMinutes}m{duration.Seconds.ToString(CultureInfo.InvariantCulture)}s",
    };
}
