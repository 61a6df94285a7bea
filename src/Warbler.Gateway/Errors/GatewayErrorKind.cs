namespace Warbler.Gateway.Errors;

/// <summary>Why a call to the gateway failed, whichever face it came through.</summary>
public enum GatewayErrorKind
{
    /// <summary>The request itself was refused: malformed, not allowed, or something the gateway could not check.</summary>
    Refused,

    /// <summary>The caller's requests or tokens per minute (or requests in flight) are used up; see <see cref="OpenAIErrorException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The caller's token or cost budget is spent; <see cref="OpenAIErrorException.RetryAfter"/> says when it renews.</summary>
    BudgetExhausted,

    /// <summary>No provider serves the model.</summary>
    ModelNotFound,

    /// <summary>No provider could answer now: they failed, timed out, are cooling down, are overloaded (429) or refuse Warbler's key.</summary>
    ProvidersUnavailable,

    /// <summary>The caller's limits could not be checked (the Redis server that Warbler's servers share them through is unreachable); it passes.</summary>
    LimitsUnavailable,

    /// <summary>
    /// A provider refused this request (a 4xx such as a context too long), or broke off its answer
    /// midway; <see cref="OpenAIErrorException.UpstreamStatus"/> and <see cref="OpenAIErrorException.ProviderMessage"/> say more.
    /// </summary>
    UpstreamError,
}
