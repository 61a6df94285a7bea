namespace Warbler.Gateway.Relay;

/// <summary>
/// Keeps a finished answer (a stored Responses response) before its last bytes go out, so the
/// client's next request finds it. The relay shows it what a native upstream answered; translators
/// hand it their own answer. <see cref="Saving"/> is awaited before the end of the answer is flushed.
/// </summary>
internal interface IAnswerKeeper
{
    /// <summary>The save under way, if any (completed when there is none).</summary>
    Task Saving { get; }

    /// <summary>A whole answer relayed as the upstream sent it.</summary>
    void Whole(ReadOnlySpan<byte> json);

    /// <summary>One event (its <c>data:</c> JSON) of a stream relayed as the upstream sent it.</summary>
    void Event(ReadOnlySpan<byte> json);
}
