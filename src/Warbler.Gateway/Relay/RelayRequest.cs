namespace Warbler.Gateway.Relay;

/// <summary>
/// What the relay needs of the request once the upstream has answered: the body sent (to count
/// prompt tokens when the upstream reports none), who owns its buffer, and how to shape the answer:
/// <see cref="Transform"/> rewrites whole answers (and, without a <see cref="Translator"/>, each
/// stream chunk); <see cref="Translator"/> rewrites a stream into another dialect's events.
/// </summary>
internal sealed record RelayRequest(ReadOnlyMemory<byte> Body, IDisposable? BodyOwner, IResponseTransform? Transform, bool ClientWantsUsage)
{
    public IStreamTranslator? Translator { get; init; }

    /// <summary>What keeps the finished answer; its save is awaited before the answer's last bytes are written.</summary>
    public IAnswerKeeper? Keeper { get; init; }

    /// <summary>Reads the model and usage of an answer relayed in another dialect (Anthropic Messages); chat's and Responses' otherwise.</summary>
    public IAnswerDialect? Dialect { get; init; }

    /// <summary>True when the upstream's stream is not chat's: it ends without <c>data: [DONE]</c> (Responses relayed natively).</summary>
    public bool EndsWithoutDone { get; init; }

    /// <summary>
    /// For requests that are not completions (embeddings): counts their input's tokens, for when
    /// the upstream reports no usage, instead of counting a prompt the body does not have.
    /// </summary>
    public Func<int>? CountPromptTokens { get; init; }
}
