using Microsoft.AspNetCore.Http.Connections.Client;

namespace Warbler.Client.Realtime;

/// <summary>How a <see cref="WarblerRealtime"/> connects and reconnects.</summary>
public sealed class WarblerRealtimeOptions
{
    /// <summary>
    /// How long to wait before each attempt to reconnect after the connection drops: the first
    /// attempt waits the first delay, and so on; the last delay repeats for as long as it takes.
    /// Default: at once, then after 2, 5, 10 and then every 30 seconds.
    /// </summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; init; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Changes the SignalR connection's settings, such as its transports, headers, or the message
    /// handler it sends through. The access token is already provided from the <see cref="WarblerClient"/>.
    /// </summary>
    public Action<HttpConnectionOptions>? ConfigureHttpConnection { get; init; }
}
