using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Warbler.Testing;

/// <summary>
/// Loopback ports where nothing listens, so a connection is refused at once. A port is held (bound,
/// never listening) until the test run ends: a port found free and closed again could be given to
/// another test's server before it is used, and then something would answer.
/// </summary>
public static class ClosedPort
{
    private static readonly ConcurrentBag<Socket> Held = [];

    /// <summary>A port of 127.0.0.1 that refuses connections for the rest of the run.</summary>
    public static int Take()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Held.Add(socket);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
