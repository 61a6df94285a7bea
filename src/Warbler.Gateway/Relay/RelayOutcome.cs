namespace Warbler.Gateway.Relay;

/// <summary>
/// What a completion came to (a <c>/v1</c> request or a bot's reply): set when it is asked for,
/// filled in as the answer arrives, and read at the end for usage accounting, metrics and logging.
/// </summary>
public sealed class RelayOutcome
{
    /// <summary>The model the client asked for.</summary>
    public required string Model { get; init; }

    public bool Stream { get; init; }

    /// <summary>The model the upstream said answered.</summary>
    public string? AnsweredModel { get; set; }

    public string? Provider { get; set; }

    public int UpstreamStatus { get; set; }

    public TokenUsage? Usage { get; set; }

    /// <summary>True when <see cref="Usage"/> was counted by Warbler, not reported by the upstream.</summary>
    public bool Estimated { get; set; }

    /// <summary>When the first chunk of a stream was written to the client, or read for a bot (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long? FirstChunkAt { get; set; }

    /// <summary>Set when a stream ended with an error event instead of <c>[DONE]</c>.</summary>
    public string? StreamError { get; set; }
}
