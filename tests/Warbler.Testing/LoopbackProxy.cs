using System.Net;
using System.Net.Sockets;

namespace Warbler.Testing;

/// <summary>
/// A TCP relay on a loopback port, standing for the network in front of a server: between a
/// client and Warbler, or between Warbler and its database. <see cref="CutOff"/> resets every
/// connection and refuses new ones (the network, or the server, is gone), <see cref="Restore"/>
/// lets them through again; <see cref="CutOnceWhen"/> drops one connection at a chosen moment.
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
    private ArmedCut? _armed;

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

    /// <summary>
    /// Resets, once, the first connection whose client has sent <paramref name="clientSent"/> and
    /// whose server then sends <paramref name="serverSends"/>: the server's bytes never reach the
    /// client, as when the network drops just as the server answers. The task ends with the cut.
    /// </summary>
    public Task CutOnceWhen(byte[] clientSent, byte[] serverSends)
    {
        var cut = new ArmedCut(clientSent, serverSends);
        Volatile.Write(ref _armed, cut);
        return cut.Done.Task;
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
            var watch = new ConnectionWatch();
            var toServer = PumpAsync(incoming, outgoing, watch, fromServer: false);
            var toClient = PumpAsync(outgoing, incoming, watch, fromServer: true);
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

    /// <summary>Copies one direction of a connection, unless an armed cut says to drop it here.</summary>
    private async Task PumpAsync(TcpClient from, TcpClient to, ConnectionWatch watch, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        var source = from.GetStream();
        var target = to.GetStream();
        int read;
        while ((read = await source.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            if (Volatile.Read(ref _armed) is { } cut && watch.Sees(cut, buffer.AsSpan(0, read), fromServer) && cut.Fire())
            {
                Volatile.Write(ref _armed, null);
                Reset(from);
                Reset(to);
                return;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    private sealed class ArmedCut(byte[] clientSent, byte[] serverSends)
    {
        private int _fired;

        public byte[] ClientSent { get; } = clientSent;

        public byte[] ServerSends { get; } = serverSends;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True for the one connection that is cut.</summary>
        public bool Fire()
        {
            if (Interlocked.Exchange(ref _fired, 1) != 0)
            {
                return false;
            }

            Done.SetResult();
            return true;
        }
    }

    /// <summary>What one connection has carried so far, as far as an armed cut cares: bytes are matched across reads.</summary>
    private sealed class ConnectionWatch
    {
        private readonly Lock _lock = new();
        private ArmedCut? _cut;
        private bool _clientSent;
        private byte[] _clientTail = [];
        private byte[] _serverTail = [];

        /// <summary>True when these bytes complete the server's part of the cut, after the client's.</summary>
        public bool Sees(ArmedCut cut, ReadOnlySpan<byte> bytes, bool fromServer)
        {
            lock (_lock)
            {
                if (_cut != cut)
                {
                    // Armed since this connection last looked: only what is carried from now on counts.
                    (_cut, _clientSent, _clientTail, _serverTail) = (cut, false, [], []);
                }

                if (!fromServer)
                {
                    _clientSent |= Contains(ref _clientTail, bytes, cut.ClientSent);
                    return false;
                }

                return Contains(ref _serverTail, bytes, cut.ServerSends) && _clientSent;
            }
        }

        /// <summary>Whether the pattern ends in these bytes or began in the tail kept from the last read.</summary>
        private static bool Contains(ref byte[] tail, ReadOnlySpan<byte> bytes, byte[] pattern)
        {
            var joined = new byte[tail.Length + bytes.Length];
            tail.CopyTo(joined, 0);
            bytes.CopyTo(joined.AsSpan(tail.Length));
            tail = joined[Math.Max(0, joined.Length - (pattern.Length - 1))..];
            return joined.AsSpan().IndexOf(pattern) >= 0;
        }
    }
}
