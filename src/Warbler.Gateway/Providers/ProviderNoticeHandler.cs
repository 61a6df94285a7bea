using Warbler.Cluster;

namespace Warbler.Gateway.Providers;

/// <summary>Another server added, changed or removed a stored provider: put the stored providers in force again.</summary>
internal sealed class ProviderNoticeHandler(IServiceProvider services, ProviderRegistry registry) : IClusterNoticeHandler<string>
{
    public Task HandleAsync(string notice, CancellationToken cancellationToken) => CatchUpAsync(cancellationToken);

    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        using (await registry.LockChangesAsync(cancellationToken))
        {
            await using var scope = services.CreateAsyncScope();
            var stored = await scope.ServiceProvider.GetRequiredService<ProviderStore>().LoadAsync(cancellationToken);
            registry.SyncStored(stored);
        }
    }
}
