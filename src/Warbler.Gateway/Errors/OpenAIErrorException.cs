namespace Warbler.Gateway.Errors;

/// <summary>
/// The gateway's one failure type, from the upstream call to every surface: <c>/v1</c> writes
/// <see cref="Error"/> as OpenAI error JSON (with <see cref="RetryAfter"/> as <c>Retry-After</c>),
/// and in-process callers of the gateway's <c>IChatClient</c> choose what to do from <see cref="Kind"/>.
/// <see cref="Exception.Message"/> is for logs and operators.
/// </summary>
public sealed class OpenAIErrorException : Exception
{
    // Only the gateway raises it; others read what it says.
    internal OpenAIErrorException(OpenAIError error, GatewayErrorKind kind = GatewayErrorKind.Refused)
        : base(error.Message)
    {
        Error = error;
        Kind = kind;
    }

    internal OpenAIError Error { get; }

    public GatewayErrorKind Kind { get; }

    /// <summary>The HTTP status <c>/v1</c> answers with (429, 404, 502…), as the usage record stores it.</summary>
    public int Status => Error.StatusCode;

    /// <summary>When trying again may succeed, sent as <c>Retry-After</c>: a limit's refill or renewal, a cool-down's end, or the upstream's own.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The provider that failed, when one answered.</summary>
    public string? Provider { get; init; }

    /// <summary>The provider's own HTTP status, when it answered with an error.</summary>
    public int? UpstreamStatus { get; init; }

    /// <summary>The provider's own words, when it gave any (never for a refused provider key, which it may quote).</summary>
    public string? ProviderMessage { get; init; }
}
