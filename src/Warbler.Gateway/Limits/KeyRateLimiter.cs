using System.Collections.Concurrent;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Enforces each key's requests per minute, tokens per minute, requests in flight and budgets, in
/// this server's memory. Tokens (and their cost) are reserved at admission (the prompt's count plus
/// the completion allowed) and settled with the real usage at the end. Answers carry OpenAI's
/// <c>x-ratelimit-*</c> headers. Users' limits on bot replies are kept here too, under the
/// user's id (ids of keys and users are random GUIDs, so they do not collide).
/// </summary>
internal sealed class KeyRateLimiter(TimeProvider time, GatewayMetrics metrics, PriceTable prices) : IKeyLimiter
{
    private readonly ConcurrentDictionary<Guid, KeyBuckets> _keys = new();

    public ValueTask<RateLimitLease?> AdmitAsync(CallerKey key, string model, Func<(int Prompt, int Completion)> reserve, HttpResponse? response, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Admit(key, model, reserve, response));

    private RateLimitLease? Admit(CallerKey key, string model, Func<(int Prompt, int Completion)> reserve, HttpResponse? response)
    {
        var limits = key.Limits;
        if (!limits.Any)
        {
            // RateLimitHeadersFilter has written the headers of a key without limits.
            return null;
        }

        var price = limits.HasCostBudget ? prices.Find(model) ?? throw LimitRefusal.NotPriced(model, key.Level) : null;
        var (prompt, completion) = limits.TokensPerMinute is null && !limits.HasBudget ? (0, 0) : reserve();
        var reserved = prompt + completion;
        var reservedCost = price is null ? 0 : PriceTable.Cost(price, prompt, 0, completion);
        var buckets = _keys.GetOrAdd(key.Id, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            var now = time.GetUtcNow();
            buckets.Refill(limits, time.GetTimestamp(), time);
            buckets.RollPeriods(now);
            var refusal = Refusal(limits, buckets, reserved, key.Level) ?? BudgetRefusal(limits, buckets, reserved, reservedCost, now, key.Level);
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
                LimitHeaders.Write(response, limits, buckets.Requests, buckets.Tokens);
            }

            if (refusal is not null)
            {
                metrics.RecordRateLimitRefusal(refusal.Reason);
                throw refusal.Exception;
            }
        }

        return new MemoryRateLimitLease(buckets, limits, reserved, reservedCost, time);
    }

    public ValueTask WriteCurrentHeadersAsync(CallerKey key, HttpResponse response, CancellationToken cancellationToken)
    {
        var limits = key.Limits;
        if (limits.RequestsPerMinute is null && limits.TokensPerMinute is null)
        {
            LimitHeaders.WriteUnlimited(response);
            return ValueTask.CompletedTask;
        }

        var buckets = _keys.GetOrAdd(key.Id, _ => new KeyBuckets());
        lock (buckets.Lock)
        {
            buckets.Refill(limits, time.GetTimestamp(), time);
            LimitHeaders.Write(response, limits, buckets.Requests, buckets.Tokens);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>In memory nothing else keeps the counters, so <c>replace</c> makes no difference.</summary>
    public Task SetSpendingAsync(KeySpending spending, bool replace, CancellationToken cancellationToken)
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

        return Task.CompletedTask;
    }

    /// <summary>A request whose reservation would take a budget past its end gets 429 insufficient_quota.</summary>
    private LimitRefusal? BudgetRefusal(KeyLimits limits, KeyBuckets buckets, int reserved, decimal reservedCost, DateTimeOffset now, string? level)
    {
        if (!limits.HasBudget)
        {
            return null;
        }

        var pending = buckets.ReservedAgainstBudgets + reserved;
        var pendingCost = buckets.ReservedCostAgainstBudgets + reservedCost;
        if (limits.DailyTokenBudget is { } daily && buckets.SpentToday + pending > daily)
        {
            return LimitRefusal.OverBudget("daily token", LimitRefusal.Tokens(buckets.SpentToday, daily), now, level);
        }

        if (limits.DailyCostBudget is { } dailyCost && buckets.CostToday + pendingCost > dailyCost)
        {
            return LimitRefusal.OverBudget("daily cost", LimitRefusal.Money(buckets.CostToday, dailyCost, prices.Currency), now, level);
        }

        if (limits.MonthlyTokenBudget is { } monthly && buckets.SpentThisMonth + pending > monthly)
        {
            return LimitRefusal.OverBudget("monthly token", LimitRefusal.Tokens(buckets.SpentThisMonth, monthly), now, level);
        }

        if (limits.MonthlyCostBudget is { } monthlyCost && buckets.CostThisMonth + pendingCost > monthlyCost)
        {
            return LimitRefusal.OverBudget("monthly cost", LimitRefusal.Money(buckets.CostThisMonth, monthlyCost, prices.Currency), now, level);
        }

        if (limits.TokenBudget is { } total && buckets.SpentTotal + pending > total)
        {
            return LimitRefusal.OverBudget("total token", LimitRefusal.Tokens(buckets.SpentTotal, total), now, level);
        }

        if (limits.CostBudget is { } totalCost && buckets.CostTotal + pendingCost > totalCost)
        {
            return LimitRefusal.OverBudget("total cost", LimitRefusal.Money(buckets.CostTotal, totalCost, prices.Currency), now, level);
        }

        return null;
    }

    private static LimitRefusal? Refusal(KeyLimits limits, KeyBuckets buckets, int reserved, string? level)
    {
        if (limits.MaxConcurrentRequests is { } maxInFlight && buckets.InFlight >= maxInFlight)
        {
            return LimitRefusal.Concurrency(maxInFlight);
        }

        if (limits.RequestsPerMinute is { } requestsPerMinute && buckets.Requests < 1)
        {
            return LimitRefusal.Requests(requestsPerMinute, buckets.Requests, level);
        }

        if (limits.TokensPerMinute is { } tokensPerMinute && reserved > buckets.Tokens)
        {
            return reserved > tokensPerMinute
                ? LimitRefusal.TooLarge(reserved, tokensPerMinute, level)
                : LimitRefusal.Tokens(tokensPerMinute, buckets.Tokens, reserved, level);
        }

        return null;
    }
}
