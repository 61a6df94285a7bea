namespace Warbler.Gateway.Errors;

/// <summary>Thrown where a request cannot go on; the gateway's endpoints turn it into OpenAI error JSON.</summary>
public sealed class OpenAIErrorException(OpenAIError error) : Exception(error.Message)
{
    public OpenAIError Error { get; } = error;

    /// <summary>Seconds the caller should wait before trying again, sent as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
