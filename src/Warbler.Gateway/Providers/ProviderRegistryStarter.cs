using Microsoft.Extensions.Hosting;

namespace Warbler.Gateway.Providers;

/// <summary>Builds the providers at start, so the start-up log says which are active before the first request.</summary>
internal sealed class ProviderRegistryStarter(ProviderRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(registry.Providers.Count);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
