namespace Warbler.Gateway.Relay;

/// <summary>What a relayed request came to; kept on the request for logging and usage accounting.</summary>
public sealed class RelayOutcome
{
    public string? Provider { get; set; }

    public int UpstreamStatus { get; set; }

    public Usage? Usage { get; set; }

    /// <summary>Set when a stream ended with an error event instead of <c>[DONE]</c>.</summary>
    public string? StreamError { get; set; }
}
