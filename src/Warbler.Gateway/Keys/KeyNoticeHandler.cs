using Warbler.Cluster;

namespace Warbler.Gateway.Keys;

/// <summary>Another server created, changed or revoked a key: read it again, so this server's cache follows.</summary>
internal sealed class KeyNoticeHandler(IServiceProvider services) : IClusterNoticeHandler<Guid>
{
    public async Task HandleAsync(Guid notice, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KeyStore>().ReloadAsync(notice, cancellationToken);
    }

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<KeyStore>().ReloadAllAsync(cancellationToken);
    }
}
