using Warbler.Gateway.Providers;

namespace Warbler.Gateway.Cluster;

/// <summary>Another server added, changed or removed a stored provider: put the stored providers in force again.</summary>
internal sealed class ProviderNoticeHandler(IServiceProvider services, ProviderRegistry registry) : IClusterNoticeHandler
{
    public string Topic => ClusterTopics.Providers;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        using (await registry.LockChangesAsync(cancellationToken))
        {
            await using var scope = services.CreateAsyncScope();
            var stored = await scope.ServiceProvider.GetRequiredService<ProviderStore>().LoadAsync(cancellationToken);
            registry.SyncStored(stored);
        }
    }
}
