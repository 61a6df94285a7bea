using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Providers;

/// <summary>
/// Puts the stored providers in force at start, after the database is migrated (its hosted
/// service starts first), and logs which providers are active before the first request.
/// </summary>
internal sealed class ProviderRegistryStarter(
    IServiceProvider services, ProviderRegistry registry, IOptions<ProviderSettings> settings, ILogger<ProviderRegistry> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.IgnoredWarblerKeyInOpenAIApiKey)
        {
            GatewayLog.WarblerKeyAsOpenAIKeyIgnored(logger);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<ProviderStore>().LoadAsync(cancellationToken);
            foreach (var name in registry.LoadStored(stored))
            {
                GatewayLog.StoredProviderShadowed(logger, name);
            }
        }

        foreach (var (definition, live) in registry.Snapshot.Entries)
        {
            if (definition.Source == ProviderSource.Demo)
            {
                GatewayLog.OnlyDemoProvider(logger);
            }
            else if (live is not null)
            {
                GatewayLog.ProviderConfigured(logger, definition.Name, definition.Options.Kind, Describe(definition));
            }
            else if (definition.Problem is not null)
            {
                GatewayLog.StoredProviderUnusable(logger, definition.Name, definition.Problem);
            }
            else
            {
                GatewayLog.StoredProviderDisabled(logger, definition.Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(ProviderDefinition definition) =>
        definition.Options.Models.Count == 0 ? "any model" : string.Join(", ", definition.Options.Models);
}
