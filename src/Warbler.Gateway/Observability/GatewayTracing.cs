using System.Diagnostics;

namespace Warbler.Gateway.Observability;

/// <summary>
/// The gateway's activity source. Each relayed request is one activity; the upstream HTTP calls
/// made while it is current become its children (System.Net.Http creates those).
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "Warbler.Gateway";

    public const string RelayActivityName = "relay";

    public static ActivitySource Source { get; } = new(SourceName);
}
