using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Relay;

/// <summary>One request to relay: where to, for which model, and the exact bytes to send.</summary>
internal sealed record UpstreamCall(UpstreamOperation Operation, string Model, ReadOnlyMemory<byte> Body, IReadOnlyList<Provider> Providers)
{
    /// <summary>The body's content type when it is not JSON (a multipart upload, boundary included).</summary>
    public string? ContentType { get; init; }

    /// <summary>Headers of the client's to pass on as they are (Anthropic's <c>anthropic-beta</c> on a native Messages call).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }
}

/// <summary>
/// The upstream's answer, headers read and body not yet; the caller disposes it. <see cref="SentAt"/>
/// is when the request that got it was sent (a <see cref="TimeProvider.GetTimestamp"/>), where the
/// provider's total time limit starts.
/// </summary>
internal sealed record UpstreamAnswer(Provider Provider, HttpResponseMessage Response, long SentAt) : IDisposable
{
    /// <summary>
    /// For a 429 or 503 passed on to the client: how long it should wait before trying again
    /// (see <see cref="UpstreamCaller"/>); null for other answers.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    public void Dispose() => Response.Dispose();
}
