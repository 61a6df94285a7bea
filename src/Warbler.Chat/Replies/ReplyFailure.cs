namespace Warbler.Chat.Replies;

/// <summary>
/// Why a bot reply failed, for a caller that answers with an HTTP status (<c>POST /chat</c>): the
/// kind of failure, and when trying again may succeed. People read the reply's <c>error</c> instead.
/// </summary>
public sealed record ReplyFailure(ReplyFailureKind Kind, TimeSpan? RetryAfter);

public enum ReplyFailureKind
{
    /// <summary>The user's own limits on bot replies refused it (<c>Chat:UserLimits</c>: replies per minute, tokens per day).</summary>
    UserLimitReached,

    /// <summary>No provider can answer now: they are cooling down after failures, overloaded (429) or unavailable (503). It passes.</summary>
    ProvidersUnavailable,

    /// <summary>No provider answered within its time limits.</summary>
    ProvidersTimedOut,

    /// <summary>A provider failed (a server error, a broken connection, Warbler's key refused), refused this request, or broke off its answer.</summary>
    ProviderFailed,

    /// <summary>No provider serves the bot's model: an administrator should change the model or add a provider.</summary>
    ModelNotServed,

    /// <summary>
    /// The server's own rules forbid the call (the user's or team's cost budget and a model without
    /// a price): nothing is wrong with a provider, and retrying will not help until an administrator acts.
    /// </summary>
    NotAllowed,
}
