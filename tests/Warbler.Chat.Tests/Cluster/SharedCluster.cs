namespace Warbler.Chat.Tests.Cluster;

/// <summary>
/// Two nodes (and their Redis) shared by the tests of <see cref="SharedClusterCollection"/>, started by the
/// first test that asks (none is started when every test is skipped for want of Redis). Each test makes
/// its own keys; one that scripts the fake upstreams takes the nodes with <see cref="FreshAsync"/>.
/// </summary>
public sealed class SharedCluster : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private ClusterNodes? _nodes;

    /// <summary>The nodes, their fake upstreams as new (nothing recorded or queued by an earlier test).</summary>
    public async Task<ClusterNodes> FreshAsync()
    {
        await _starting.WaitAsync();
        try
        {
            _nodes ??= await ClusterNodes.StartAsync();
        }
        finally
        {
            _starting.Release();
        }

        foreach (var upstream in _nodes.A.Upstreams.Values.Concat(_nodes.B.Upstreams.Values))
        {
            upstream.Reset();
        }

        return _nodes;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
        {
            await _nodes.DisposeAsync();
        }

        _starting.Dispose();
    }
}
