using System.Net;
using System.Net.Sockets;

namespace Warbler.Client.Tests.Realtime;

/// <summary>
/// A TCP relay on a loopback port in front of the server, standing for the network between a
/// client and Warbler: <see cref="CutOff"/> drops every connection and refuses new ones (the
/// network is gone), <see cref="Restore"/> lets them through again.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private volatile bool _cutOff;

    public LoopbackProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>Connections refused while cut off.</summary>
    public int Refused { get; private set; }

    public void CutOff()
    {
        _cutOff = true;
        lock (_open)
        {
            foreach (var connection in _open)
            {
                // A reset rather than a goodbye, as when a network drops.
                connection.Client.LingerState = new LingerOption(true, 0);
                connection.Dispose();
            }

            _open.Clear();
        }
    }

    public void Restore() => _cutOff = false;

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

            if (_cutOff)
            {
                Refused++;
                incoming.Client.LingerState = new LingerOption(true, 0);
                incoming.Dispose();
                continue;
            }

            _ = RelayAsync(incoming);
        }
    }

    private async Task RelayAsync(TcpClient incoming)
    {
        var outgoing = new TcpClient();
        lock (_open)
        {
            _open.Add(incoming);
            _open.Add(outgoing);
        }

        try
        {
            await outgoing.ConnectAsync(_target.Host, _target.Port, _stopping.Token);
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
