using System.Globalization;
using StackExchange.Redis;
using Warbler.Cluster;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits.Redis;

/// <summary>
/// The same limits as <see cref="KeyRateLimiter"/>, with the counters kept in Redis and changed by
/// Lua scripts, so every server sharing the Redis enforces one exact count. When Redis cannot be
/// reached a request is refused with 503 (it cannot be counted), and requests pass again as soon
/// as the connection is back.
/// </summary>
internal sealed partial class RedisKeyLimiter(
    IConnectionMultiplexer redis, IOptions<RedisOptions> options, TimeProvider time, GatewayMetrics metrics, PriceTable prices, ILogger<RedisKeyLimiter> logger)
    : IKeyLimiter
{
    private static readonly TimeSpan KeepToday = TimeSpan.FromDays(2);
    private static readonly TimeSpan KeepThisMonth = TimeSpan.FromDays(63);

    private readonly string _prefix = options.Value.Prefix + ":limits:";
    private readonly long _inFlightTimeoutMs = (long)options.Value.InFlightTimeout.TotalMilliseconds;

    private static readonly string[] Budgets = ["daily token", "daily cost", "monthly token", "monthly cost", "total token", "total cost"];

    public async ValueTask<RateLimitLease?> AdmitAsync(CallerKey key, string model, Func<(int Prompt, int Completion)> reserve, HttpResponse? response, CancellationToken cancellationToken)
    {
        var limits = key.Limits;
        if (!limits.Any)
        {
            return null;
        }

        var price = limits.HasCostBudget ? prices.Find(model) ?? throw LimitRefusal.NotPriced(model, key.Level) : null;
        var (prompt, completion) = limits.TokensPerMinute is null && !limits.HasBudget ? (0, 0) : reserve();
        var reserved = prompt + completion;
        var reservedCost = price is null ? 0 : PriceTable.Cost(price, prompt, 0, completion);
        var now = time.GetUtcNow();
        var keys = KeysOf(key.Id, now);
        var leaseId = Guid.NewGuid().ToString("N");
        var result = (RedisResult[])(await RunAsync(LimitScripts.Admit, keys,
        [
            OrNone(limits.RequestsPerMinute), OrNone(limits.TokensPerMinute), OrNone(limits.MaxConcurrentRequests),
            reserved, Text(reservedCost), leaseId, _inFlightTimeoutMs, limits.HasBudget ? 1 : 0,
            OrNone(limits.DailyTokenBudget), OrNone(limits.DailyCostBudget), OrNone(limits.MonthlyTokenBudget),
            OrNone(limits.MonthlyCostBudget), OrNone(limits.TokenBudget), OrNone(limits.CostBudget),
        ]))!;
        var status = (int)result[0];
        var requests = Number(result[1]);
        var tokens = Number(result[2]);
        if (response is not null)
        {
            LimitHeaders.Write(response, limits, requests, tokens);
        }

        if (status != 0)
        {
            var refusal = Refusal(status, limits, requests, tokens, reserved, Number(result[3]), now, key.Level);
            metrics.RecordRateLimitRefusal(refusal.Reason);
            throw refusal.Exception;
        }

        return new Lease(this, key.Id, limits, reserved, reservedCost, leaseId);
    }

    public async ValueTask WriteCurrentHeadersAsync(CallerKey key, HttpResponse response, CancellationToken cancellationToken)
    {
        var limits = key.Limits;
        if (limits.RequestsPerMinute is null && limits.TokensPerMinute is null)
        {
            LimitHeaders.WriteUnlimited(response);
            return;
        }

        var result = (RedisResult[])(await RunAsync(LimitScripts.Peek, [BucketKey(key.Id)], [OrNone(limits.RequestsPerMinute), OrNone(limits.TokensPerMinute)]))!;
        LimitHeaders.Write(response, limits, Number(result[0]), Number(result[1]));
    }

    public async Task SetSpendingAsync(KeySpending spending, bool replace, CancellationToken cancellationToken)
    {
        var keys = KeysOf(spending.KeyId, time.GetUtcNow());
        await RunAsync(LimitScripts.SetSpending, [keys[2], keys[3], keys[4], $"{_prefix}{{{spending.KeyId:N}}}:loaded"],
        [
            replace ? 1 : 0, spending.Total, Text(spending.CostTotal), spending.Today, Text(spending.CostToday),
            spending.ThisMonth, Text(spending.CostThisMonth), (long)KeepToday.TotalSeconds, (long)KeepThisMonth.TotalSeconds,
        ]);
    }

    private async Task<RedisResult> RunAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        }
        catch (RedisException exception)
        {
            CountersUnreachable(logger, exception);
            throw LimitRefusal.Unavailable();
        }
    }

    /// <summary>Today and this month are those of the settling, as in memory.</summary>
    private void Settle(Guid id, KeyLimits limits, int reserved, decimal reservedCost, string leaseId, int used, decimal cost, Action<SettledSpending>? settled)
    {
        var now = time.GetUtcNow();
        var keys = KeysOf(id, now);
        RedisValue[] values =
        [
            OrNone(limits.TokensPerMinute), reserved, Text(reservedCost), used, Text(cost), leaseId, limits.HasBudget ? 1 : 0,
            (long)KeepToday.TotalSeconds, (long)KeepThisMonth.TotalSeconds,
        ];
        try
        {
            if (settled is null || !limits.HasBudget)
            {
                // Sent in order on the same connection as admissions, without waiting for the answer.
                redis.GetDatabase().ScriptEvaluate(LimitScripts.Settle, keys, values, CommandFlags.FireAndForget);
                return;
            }

            // The counters after this charge, for budget crossings: each charge's increments are
            // atomic, so exactly one charge, on one server, sees a threshold passed.
            _ = redis.GetDatabase().ScriptEvaluateAsync(LimitScripts.Settle, keys, values).ContinueWith(
                task =>
                {
                    if (task.IsCompletedSuccessfully && task.Result.Resp2Type == ResultType.Array)
                    {
                        var spent = (RedisResult[])task.Result!;
                        settled(new SettledSpending(
                            used, cost, (long)Number(spent[0]), (long)Number(spent[2]), (long)Number(spent[4]), Money(spent[1]), Money(spent[3]), Money(spent[5]), now));
                    }
                    else if (task.Exception is { } exception)
                    {
                        SettleFailed(logger, exception);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
        catch (RedisException exception)
        {
            // Its place in flight is freed after Redis:InFlightTimeout; the usage record still counts at the next start.
            SettleFailed(logger, exception);
        }
    }

    /// <summary>Gives back what admission took: another level refused the request.</summary>
    private void Release(Guid id, KeyLimits limits, int reserved, decimal reservedCost, string leaseId)
    {
        var keys = KeysOf(id, time.GetUtcNow());
        try
        {
            redis.GetDatabase().ScriptEvaluate(LimitScripts.Release, [keys[0], keys[1]],
            [
                OrNone(limits.RequestsPerMinute), OrNone(limits.TokensPerMinute), reserved, Text(reservedCost), leaseId, limits.HasBudget ? 1 : 0,
            ], CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            SettleFailed(logger, exception);
        }
    }

    private LimitRefusal Refusal(int status, KeyLimits limits, double requests, double tokens, int reserved, double spent, DateTimeOffset now, string? level) => status switch
    {
        1 => LimitRefusal.Concurrency(limits.MaxConcurrentRequests!.Value),
        2 => LimitRefusal.Requests(limits.RequestsPerMinute!.Value, requests, level),
        3 => LimitRefusal.TooLarge(reserved, limits.TokensPerMinute!.Value, level),
        4 => LimitRefusal.Tokens(limits.TokensPerMinute!.Value, tokens, reserved, level),
        _ => LimitRefusal.OverBudget(Budgets[status - 5], Used(status, limits, spent), now, level),
    };

    private string Used(int status, KeyLimits limits, double spent) => status switch
    {
        5 => LimitRefusal.Tokens((long)spent, limits.DailyTokenBudget!.Value),
        6 => LimitRefusal.Money((decimal)spent, limits.DailyCostBudget!.Value, prices.Currency),
        7 => LimitRefusal.Tokens((long)spent, limits.MonthlyTokenBudget!.Value),
        8 => LimitRefusal.Money((decimal)spent, limits.MonthlyCostBudget!.Value, prices.Currency),
        9 => LimitRefusal.Tokens((long)spent, limits.TokenBudget!.Value),
        _ => LimitRefusal.Money((decimal)spent, limits.CostBudget!.Value, prices.Currency),
    };

    /// <summary>The bucket, the requests in flight, and what was spent in all, on <paramref name="now"/>'s UTC day and in its month; one hash tag, so one slot in a Redis cluster.</summary>
    private RedisKey[] KeysOf(Guid id, DateTimeOffset now)
    {
        var tag = $"{_prefix}{{{id:N}}}:";
        var utc = now.UtcDateTime;
        return
        [
            tag + "bucket", tag + "inflight", tag + "total",
            tag + "day:" + utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            tag + "month:" + utc.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ];
    }

    private RedisKey BucketKey(Guid id) => $"{_prefix}{{{id:N}}}:bucket";

    private static RedisValue OrNone(int? value) => value ?? -1;

    private static RedisValue OrNone(long? value) => value ?? -1;

    private static RedisValue OrNone(decimal? value) => value is { } number ? Text(number) : -1;

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Number(RedisResult result) => double.Parse((string)result!, CultureInfo.InvariantCulture);

    private static decimal Money(RedisResult result) => decimal.Parse((string)result!, NumberStyles.Float, CultureInfo.InvariantCulture);

    [LoggerMessage(1, LogLevel.Warning, "Redis, which keeps the shared rate-limit counters, cannot be reached: requests of keys with limits get 503 until it is back.")]
    private static partial void CountersUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "A request's use could not be counted in Redis.")]
    private static partial void SettleFailed(ILogger logger, Exception exception);

    private sealed class Lease(RedisKeyLimiter limiter, Guid id, KeyLimits limits, int reserved, decimal reservedCost, string leaseId) : RateLimitLease
    {
        protected override void SettleOnce(int usedTokens, decimal cost) => limiter.Settle(id, limits, reserved, reservedCost, leaseId, usedTokens, cost, Settled);

        protected override void ReleaseOnce() => limiter.Release(id, limits, reserved, reservedCost, leaseId);
    }
}
