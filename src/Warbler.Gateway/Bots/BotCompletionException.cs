namespace Warbler.Gateway.Bots;

/// <summary>
/// Why a bot could not reply (or stopped replying). <see cref="Exception.Message"/> is for logs
/// and operators; the chat service chooses what to tell a person from <see cref="Kind"/>.
/// </summary>
public sealed class BotCompletionException(BotCompletionErrorKind kind, int status, string message) : Exception(message)
{
    public BotCompletionErrorKind Kind { get; } = kind;

    /// <summary>The HTTP status the same failure has on <c>/v1</c> (429, 404, 502…), as the usage record stores it.</summary>
    public int Status { get; } = status;

    /// <summary>When trying again may succeed: a limit's refill or renewal, a cool-down's end, or the upstream's <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The provider that failed, when one answered.</summary>
    public string? Provider { get; init; }

    /// <summary>The provider's own HTTP status, when it answered with an error.</summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>The provider's own words, when it gave any (never for a refused provider key, which it may quote).</summary>
    public string? ProviderMessage { get; init; }
}

public enum BotCompletionErrorKind
{
    /// <summary>The user asked bots for more replies per minute than allowed; see <see cref="BotCompletionException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>The user's tokens for the day are used up; <see cref="BotCompletionException.RetryAfter"/> says when they renew.</summary>
    BudgetExhausted,

    /// <summary>No provider serves the bot's model.</summary>
    ModelNotFound,

    /// <summary>No provider could answer now: they failed, timed out, are cooling down, are overloaded (429) or refuse Warbler's key.</summary>
    ProvidersUnavailable,

    /// <summary>
    /// A provider refused this request (a 4xx such as a context too long), or broke off its reply
    /// midway; <see cref="BotCompletionException.UpstreamStatus"/> and <see cref="BotCompletionException.ProviderMessage"/> say more.
    /// </summary>
    UpstreamError,
}
