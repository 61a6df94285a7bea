using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Where each key's (and each user's) rate-limit, concurrency and budget counters live: in this
/// server's memory (<see cref="KeyRateLimiter"/>), or in Redis, shared by every server
/// (<see cref="Redis.RedisKeyLimiter"/>), chosen by <c>Redis:Configuration</c>.
/// </summary>
internal interface IKeyLimiter
{
    /// <summary>
    /// Admits a request for <c>model</c>, or throws the 429 (or 403 for a model without a price
    /// under a cost budget, or 503 when the shared counters cannot be reached) to answer.
    /// <c>reserve</c> gives the prompt's tokens and the completion tokens allowed; it is called only
    /// when a limit needs them. The key's <c>x-ratelimit-*</c> headers are written to
    /// <paramref name="response"/>; in-process callers, which have none, pass null.
    /// </summary>
    /// <returns>The lease to settle when the request ends, or null for a key without limits.</returns>
    ValueTask<RateLimitLease?> AdmitAsync(CallerKey key, string model, Func<(int Prompt, int Completion)> reserve, HttpResponse? response, CancellationToken cancellationToken);

    /// <summary>Writes the key's current <c>x-ratelimit-*</c> headers without taking anything: for <c>/v1</c> answers that are not completions.</summary>
    ValueTask WriteCurrentHeadersAsync(CallerKey key, HttpResponse response, CancellationToken cancellationToken);

    /// <summary>
    /// What a key has spent so far, read from its usage records. <paramref name="replace"/> is false
    /// at start, where counters other servers already keep must not be set back.
    /// </summary>
    Task SetSpendingAsync(KeySpending spending, bool replace, CancellationToken cancellationToken);
}
