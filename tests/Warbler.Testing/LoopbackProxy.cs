using System.Net;
using System.Net.Sockets;

namespace Warbler.Testing;

/// <summary>
/// A TCP relay on a loopback port, standing for the network in front of a server: between a
/// client and Warbler, or between Warbler and its database. <see cref="CutOff"/> resets every
/// connection and refuses new ones (the network, or the server, is gone), <see cref="Restore"/>
/// lets them through again.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private bool _cutOff;
    private int _refused;

    /// <summary>A relay to an HTTP server; clients use <see cref="Address"/>.</summary>
    public LoopbackProxy(Uri target)
        : this(target.Host, target.Port)
    {
    }

    /// <summary>A relay to any TCP server; clients connect to 127.0.0.1:<see cref="Port"/>.</summary>
    public LoopbackProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Address = new Uri($"http://127.0.0.1:{Port}/");
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The relay as an HTTP base address.</summary>
    public Uri Address { get; }

    /// <summary>Connections refused while cut off.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void CutOff()
    {
        lock (_open)
        {
            _cutOff = true;
            foreach (var connection in _open)
            {
                Reset(connection);
            }

            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_open)
        {
            _cutOff = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        CutOff();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stopping.Dispose();
    }

    /// <summary>A reset rather than a goodbye, as when a network drops or a server dies.</summary>
    private static void Reset(TcpClient connection)
    {
        try
        {
            connection.Client.LingerState = new LingerOption(true, 0);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Closed already.
        }

        connection.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var outgoing = new TcpClient();
            lock (_open)
            {
                // Decided under the lock, so a connection accepted as the cut comes is either refused or reset by it.
                if (_cutOff)
                {
                    Interlocked.Increment(ref _refused);
                    Reset(incoming);
                    outgoing.Dispose();
                    continue;
                }

                _open.Add(incoming);
                _open.Add(outgoing);
            }

            _ = RelayAsync(incoming, outgoing);
        }
    }

    private async Task RelayAsync(TcpClient incoming, TcpClient outgoing)
    {
        try
        {
            await outgoing.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            var toServer = incoming.GetStream().CopyToAsync(outgoing.GetStream(), _stopping.Token);
            var toClient = outgoing.GetStream().CopyToAsync(incoming.GetStream(), _stopping.Token);
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection was cut, or ended.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(incoming);
                _open.Remove(outgoing);
            }

            incoming.Dispose();
            outgoing.Dispose();
        }
    }
}
