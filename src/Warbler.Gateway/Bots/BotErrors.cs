using Warbler.Gateway.Errors;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Bots;

/// <summary>Turns what the gateway's router, limiter and caller raise, and what providers answer, into <see cref="BotCompletionException"/>.</summary>
internal static class BotErrors
{
    /// <summary>A refusal or failure raised before any provider answered: the user's limits, routing, or every provider failing.</summary>
    public static BotCompletionException From(OpenAIErrorException exception, UserLimitsOptions limits)
    {
        var error = exception.Error;
        return error.Code switch
        {
            "rate_limit_exceeded" => new BotCompletionException(
                BotCompletionErrorKind.RateLimited,
                error.StatusCode,
                $"Rate limit reached: a user may ask bots for {limits.BotRequestsPerMinute} replies per minute.")
            { RetryAfter = exception.RetryAfter },
            "insufficient_quota" => new BotCompletionException(
                BotCompletionErrorKind.BudgetExhausted,
                error.StatusCode,
                $"This reply may need more of the user's {limits.TokensPerDay} tokens for today than are left; they renew at the start of the next UTC day.")
            { RetryAfter = exception.RetryAfter },
            "model_not_found" => new BotCompletionException(BotCompletionErrorKind.ModelNotFound, error.StatusCode, error.Message),
            _ => new BotCompletionException(BotCompletionErrorKind.ProvidersUnavailable, error.StatusCode, error.Message) { RetryAfter = exception.RetryAfter },
        };
    }

    /// <summary>
    /// A provider's error answer, after retries and failover. Refusing this very request (400, 404,
    /// 413, 422…) is an upstream error; overload, timeouts, server errors and a refused provider key
    /// are the providers being unavailable.
    /// </summary>
    public static BotCompletionException From(UpstreamFailure failure, UpstreamAnswer answer)
    {
        var upstreamStatus = (int)answer.Response.StatusCode;
        var unavailable = upstreamStatus >= 500 || upstreamStatus is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
            or StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests;
        return new BotCompletionException(
            unavailable ? BotCompletionErrorKind.ProvidersUnavailable : BotCompletionErrorKind.UpstreamError,
            failure.Error.StatusCode,
            failure.Error.Message)
        {
            RetryAfter = failure.RetryAfter,
            Provider = answer.Provider.Name,
            UpstreamStatus = upstreamStatus,
            ProviderMessage = failure.ProviderMessage,
        };
    }

    /// <summary>A provider that broke off its reply midway: a 502, as on <c>/v1</c>.</summary>
    public static BotCompletionException StreamBroken(string provider, string reason) => new(
        BotCompletionErrorKind.UpstreamError,
        StatusCodes.Status502BadGateway,
        $"Provider '{provider}' broke off the stream: {reason}.")
    {
        Provider = provider,
    };
}
