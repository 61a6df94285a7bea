using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Tests.Limits;

/// <summary>
/// The in-memory limiter on its own, on a clock the test moves: what it admits, what it refuses
/// (the 429 or 403 a client gets, with its Retry-After), and what a settled lease gives back.
/// </summary>
public sealed class KeyRateLimiterTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly KeyRateLimiter _limiter;

    public KeyRateLimiterTests()
    {
        var pricing = new PricingOptions { Models = { ["priced"] = new ModelPrice { Input = 1_000_000m, Output = 2_000_000m } } };
        _limiter = new KeyRateLimiter(_time, new GatewayMetrics(_services.GetRequiredService<IMeterFactory>()), new PriceTable(Options.Create(pricing)));
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task AdmitAsync_KeyWithoutLimits_AdmitsWithoutALeaseOrAReservation()
    {
        var reserved = false;

        var lease = await _limiter.AdmitAsync(Key(KeyLimits.None), "m", () => { reserved = true; return (1, 1); }, null, default);

        Assert.Null(lease);
        Assert.False(reserved);
    }

    [Fact]
    public async Task AdmitAsync_RequestsPerMinuteSpent_Refuses429UntilTheBucketRefills()
    {
        var key = Key(new KeyLimits(RequestsPerMinute: 2, null, null));
        await AdmitAsync(key);
        await AdmitAsync(key);

        var refused = await RefusedAsync(key);
        _time.Advance(TimeSpan.FromSeconds(30));
        var response = new DefaultHttpContext().Response;
        var admitted = await _limiter.AdmitAsync(key, "m", () => (0, 0), response, default);

        Assert.Equal((429, "rate_limit_exceeded", "Rate limit reached for requests: limit 2 per minute."), (refused.Error.StatusCode, refused.Error.Code, refused.Error.Message));
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
        Assert.NotNull(admitted);
        Assert.Equal(("2", "0"), (response.Headers["x-ratelimit-limit-requests"].ToString(), response.Headers["x-ratelimit-remaining-requests"].ToString()));
    }

    [Fact]
    public async Task AdmitAsync_TokensPerMinute_ReservesPromptAndCompletionAndSettlingGivesBackTheUnused()
    {
        var key = Key(new KeyLimits(null, TokensPerMinute: 100, null));
        var lease = await AdmitAsync(key, (20, 60));

        var refused = await RefusedAsync(key, (10, 20));
        lease!.Settle(usedTokens: 30, cost: 0);
        var afterSettling = await AdmitAsync(key, (10, 20));

        Assert.Equal("Rate limit reached for tokens: limit 100 per minute, used 80, requested 30.", refused.Error.Message);
        Assert.NotNull(afterSettling);
    }

    [Fact]
    public async Task AdmitAsync_ReservationLargerThanTheLimit_IsRefusedAsTooLargeWithoutRetryAfter()
    {
        var refused = await RefusedAsync(Key(new KeyLimits(null, TokensPerMinute: 100, null)), (50, 51));

        Assert.StartsWith("Request too large: it may use 101 tokens", refused.Error.Message, StringComparison.Ordinal);
        Assert.Null(refused.RetryAfter);
    }

    [Fact]
    public async Task AdmitAsync_MaxConcurrentRequestsInFlight_RefusesUntilALeaseIsSettled()
    {
        var key = Key(new KeyLimits(null, null, MaxConcurrentRequests: 1));
        var lease = await AdmitAsync(key);

        var refused = await RefusedAsync(key);
        lease!.Settle(0, 0);
        lease.Settle(0, 0);
        await AdmitAsync(key);
        var again = await RefusedAsync(key);

        Assert.Equal("Rate limit reached: this key may have 1 requests in flight at once.", refused.Error.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);
        Assert.Equal(refused.Error, again.Error);
    }

    [Fact]
    public async Task AdmitAsync_DailyTokenBudgetSpent_RefusesUntilTheNextUtcDay()
    {
        var key = Key(new KeyLimits(null, null, null, DailyTokenBudget: 100));
        (await AdmitAsync(key, (40, 40)))!.Settle(usedTokens: 90, cost: 0);

        var refused = await RefusedAsync(key, (5, 10));
        _time.Advance(TimeSpan.FromHours(1));
        var nextDay = await AdmitAsync(key, (5, 10));

        Assert.Equal((429, "insufficient_quota"), (refused.Error.StatusCode, refused.Error.Code));
        Assert.Contains("90 of 100 tokens used", refused.Error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(1), refused.RetryAfter);
        Assert.NotNull(nextDay);
    }

    [Fact]
    public async Task AdmitAsync_MonthlyTokenBudgetFromStoredSpending_RenewsWithTheMonth()
    {
        var key = Key(new KeyLimits(null, null, null, MonthlyTokenBudget: 1000));
        await _limiter.SetSpendingAsync(new KeySpending(key.Id, Total: 995, Today: 0, ThisMonth: 995, 0, 0, 0), replace: true, default);

        var refused = await RefusedAsync(key, (5, 5));
        _time.Advance(TimeSpan.FromHours(1));
        var nextMonth = await AdmitAsync(key, (5, 5));

        Assert.Contains("monthly token budget: 995 of 1000 tokens used", refused.Error.Message, StringComparison.Ordinal);
        Assert.NotNull(nextMonth);
    }

    [Fact]
    public async Task AdmitAsync_CostBudget_RefusesAModelWithoutAPriceAndChargesAPricedOne()
    {
        var key = Key(new KeyLimits(null, null, null, CostBudget: 10m));

        var unpriced = await Assert.ThrowsAsync<OpenAIErrorException>(() => _limiter.AdmitAsync(key, "unpriced", () => (1, 1), null, default).AsTask());
        (await _limiter.AdmitAsync(key, "priced", () => (2, 2), null, default))!.Settle(usedTokens: 4, cost: 9.5m);
        var overBudget = await Assert.ThrowsAsync<OpenAIErrorException>(() => _limiter.AdmitAsync(key, "priced", () => (1, 0), null, default).AsTask());

        Assert.Equal((403, "model", "model_not_priced"), (unpriced.Error.StatusCode, unpriced.Error.Param, unpriced.Error.Code));
        Assert.Equal((429, "insufficient_quota"), (overBudget.Error.StatusCode, overBudget.Error.Code));
        Assert.Contains("9.5 of 10 USD used", overBudget.Error.Message, StringComparison.Ordinal);
        Assert.Null(overBudget.RetryAfter);
    }

    [Fact]
    public async Task WriteCurrentHeadersAsync_KeyWithoutRateLimits_WritesUnlimitedNumbers()
    {
        var response = new DefaultHttpContext().Response;

        await _limiter.WriteCurrentHeadersAsync(Key(KeyLimits.None), response, default);

        Assert.Equal(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers["x-ratelimit-remaining-tokens"].ToString());
        Assert.Equal("0s", response.Headers["x-ratelimit-reset-requests"].ToString());
    }

    private static CallerKey Key(KeyLimits limits) =>
        new(Guid.NewGuid(), "test", "wk-test", IsAdmin: false, new HashSet<string>(), ExpiresAt: null, limits);

    private async Task<RateLimitLease?> AdmitAsync(CallerKey key, (int Prompt, int Completion) tokens = default) =>
        await _limiter.AdmitAsync(key, "m", () => tokens, null, default);

    private async Task<OpenAIErrorException> RefusedAsync(CallerKey key, (int Prompt, int Completion) tokens = default) =>
        await Assert.ThrowsAsync<OpenAIErrorException>(() => _limiter.AdmitAsync(key, "m", () => tokens, null, default).AsTask());
}
