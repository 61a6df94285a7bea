
namespace Warbler.Gateway.Metering;

/// <summary>
/// One completion call, a <c>/v1</c> request or an in-process one: created at admission, filled in
/// as the answer arrives (provider, model, first chunk, usage), and read once at its end for the
/// usage record, the lease, the metrics and the trace.
/// </summary>
internal sealed class GatewayCall
{
    /// <summary>The model the caller asked for.</summary>
    public required string Model { get; init; }

    public bool Stream { get; init; }

    /// <summary>The model the upstream said answered.</summary>
    public string? AnsweredModel { get; set; }

    public string? Provider { get; set; }

    public int UpstreamStatus { get; set; }

    public TokenUsage? Usage { get; set; }

    /// <summary>For media routes: how much was made or read besides tokens (images, seconds of audio, characters of speech), in <see cref="Unit"/>.</summary>
    public double? Quantity { get; set; }

    /// <summary>One of <see cref="UsageUnits"/>; set with <see cref="Quantity"/>.</summary>
    public string? Unit { get; set; }

    /// <summary>True when <see cref="Usage"/> was counted by Warbler, not reported by the upstream.</summary>
    public bool Estimated { get; set; }

    /// <summary>When the first chunk of a stream was written to the client, or read for an in-process caller (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long? FirstChunkAt { get; set; }

    /// <summary>Set when a stream ended with an error event instead of <c>[DONE]</c>.</summary>
    public string? StreamError { get; set; }

    /// <summary>What the caller's limits reserved for the call; settled with what it used at its end.</summary>
    public RateLimitLease? Lease { get; set; }

    /// <summary>For <c>/v1</c> requests: records the call before its answer's last bytes go out.</summary>
    public IAnswerEnding? AnswerEnding { get; set; }
}
