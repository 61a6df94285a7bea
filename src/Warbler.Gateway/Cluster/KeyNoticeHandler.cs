using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Cluster;

/// <summary>Another server created, changed or revoked a key: read it again, so this server's cache follows.</summary>
internal sealed class KeyNoticeHandler(IServiceProvider services) : IClusterNoticeHandler
{
    public string Topic => ClusterTopics.Keys;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<KeyStore>();
        if (Guid.TryParse(payload, out var id))
        {
            await store.ReloadAsync(id, cancellationToken);
        }
        else
        {
            await store.ReloadAllAsync(cancellationToken);
        }
    }
}
