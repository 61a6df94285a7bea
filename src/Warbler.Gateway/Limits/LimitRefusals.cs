using System.Globalization;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Limits;

/// <summary>Why a request was refused (a metric label) and what the client is told.</summary>
internal sealed record LimitRefusal(string Reason, OpenAIErrorException Exception)
{
    public static LimitRefusal Concurrency(int maxInFlight) =>
        new("concurrency", RateLimited($"Rate limit reached: this key may have {maxInFlight} requests in flight at once.", TimeSpan.FromSeconds(1)));

    /// <remarks>
    /// <c>level</c> is null for a key's own limits, whose messages are OpenAI's; "user" or "team" for
    /// the limits of the key's owner or team, whose messages name the limit ("team request limit").
    /// </remarks>
    public static LimitRefusal Requests(int requestsPerMinute, double available, string? level = null) => new(LevelReason("requests", level), RateLimited(
        level is null
            ? $"Rate limit reached for requests: limit {requestsPerMinute} per minute."
            : $"Rate limit reached for requests: the {level} request limit is {requestsPerMinute} per minute.",
        TimeSpan.FromMinutes((1 - available) / requestsPerMinute)));

    public static LimitRefusal TooLarge(int reserved, int tokensPerMinute, string? level = null) =>
        new(LevelReason("too_large", level), RateLimited($"Request too large: it may use {reserved} tokens (prompt and max_tokens), but {(level is null ? "this key's limit" : $"the {level} token limit")} is {tokensPerMinute} tokens per minute. Lower max_tokens or shorten the prompt.", null));

    public static LimitRefusal Tokens(int tokensPerMinute, double available, int reserved, string? level = null) => new(LevelReason("tokens", level), RateLimited(
        level is null
            ? $"Rate limit reached for tokens: limit {tokensPerMinute} per minute, used {tokensPerMinute - (int)Math.Max(0, available)}, requested {reserved}."
            : $"Rate limit reached for tokens: the {level} token limit is {tokensPerMinute} per minute, used {tokensPerMinute - (int)Math.Max(0, available)}, requested {reserved}.",
        TimeSpan.FromMinutes((reserved - available) / tokensPerMinute)));

    /// <summary>The refusal for a spent budget: <c>budget</c> names it ("daily token"), <c>used</c> says what is used ("120 of 1000 tokens").</summary>
    public static LimitRefusal OverBudget(string budget, string used, DateTimeOffset now, string? level = null)
    {
        TimeSpan? renewsIn = budget.StartsWith("daily", StringComparison.Ordinal)
            ? new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now
            : budget.StartsWith("monthly", StringComparison.Ordinal)
                ? new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1) - now
                : null;
        return new(
            LevelReason("budget_" + budget.Replace(' ', '_'), level),
            new OpenAIErrorException(new OpenAIError(
                StatusCodes.Status429TooManyRequests,
                $"You exceeded {(level is null ? "this key's" : "the " + level)} {budget} budget: {used} used, and this request may need more than is left." +
                    (renewsIn is null ? " Ask an administrator to raise the budget." : " The budget renews at the start of the next " + (budget.StartsWith("daily", StringComparison.Ordinal) ? "UTC day." : "UTC month.")),
                "insufficient_quota",
                Code: "insufficient_quota"),
                GatewayErrorKind.BudgetExhausted)
            {
                RetryAfter = renewsIn,
            });
    }

    public static string Tokens(long spent, long budget) => $"{spent} of {budget} tokens";

    public static string Money(decimal spent, decimal budget, string currency) =>
        $"{Math.Round(spent, 4).ToString(CultureInfo.InvariantCulture)} of {budget.ToString(CultureInfo.InvariantCulture)} {currency}";

    /// <summary>The code of the 503 answered when the counters shared through Redis cannot be reached.</summary>
    public const string UnavailableCode = "limits_unavailable";

    public static OpenAIErrorException Unavailable() => new(new OpenAIError(
        StatusCodes.Status503ServiceUnavailable,
        "The rate limits of this key cannot be checked: the Redis server that Warbler's servers share them through cannot be reached. Try again in a few seconds.",
        "api_error",
        Code: UnavailableCode),
        GatewayErrorKind.LimitsUnavailable)
    {
        RetryAfter = TimeSpan.FromSeconds(1),
    };

    public static OpenAIErrorException NotPriced(string model, string? level = null) => new(new OpenAIError(
        StatusCodes.Status403Forbidden,
        $"{(level is null ? "This key" : "The " + level)} has a cost budget, and the model '{model}' has no price in this server's price table, so its cost cannot be counted. Ask an administrator to add a price for it.",
        "invalid_request_error",
        "model",
        "model_not_priced"));

    private static string LevelReason(string reason, string? level) => level is null ? reason : level + "_" + reason;

    private static OpenAIErrorException RateLimited(string message, TimeSpan? retryAfter) =>
        new(new OpenAIError(StatusCodes.Status429TooManyRequests, message, "requests", Code: "rate_limit_exceeded"), GatewayErrorKind.RateLimited) { RetryAfter = retryAfter };
}
