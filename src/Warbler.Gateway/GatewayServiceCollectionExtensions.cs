using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Warbler.Gateway.Admin;
using Warbler.Gateway.Anthropic;
using Warbler.Gateway.Auth;
using Warbler.Gateway.Budgets;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Errors;
using Warbler.Gateway.InProcess;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Models;
using Warbler.Gateway.Observability;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Providers;
using Warbler.Gateway.Relay;
using Warbler.Gateway.Responses.Storage;
using Warbler.Gateway.Routing;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway: providers from configuration and the database, keys checked from memory, the relay
    /// with retries and failover. Needs the database and the cluster (<c>AddWarblerDatabase</c>, <c>AddWarblerCluster</c>) registered first.
    /// </summary>
    public static IHostApplicationBuilder AddWarblerGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddTimeProvider();

        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddOptions<ProviderSettings>().Configure<IConfiguration>(ProviderSettings.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProviderSettings>, ProviderSettingsValidator>();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddOptions<AnthropicOptions>().BindConfiguration(AnthropicOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnthropicOptions>, AnthropicOptionsValidator>();
        services.AddOptions<AdminKeyOptions>()
            .Configure<IConfiguration>((options, configuration) => options.AdminKey = configuration[AdminKeyOptions.ConfigurationKey])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminKeyOptions>, AdminKeyOptionsValidator>();

        services.AddSingleton<ProviderRegistry>();
        services.AddSingleton<IProviderDirectory, ProviderDirectory>();
        services.AddSingleton<ProviderKeyProtector>();
        services.AddScoped<ProviderStore>();
        services.AddSingleton<ProviderProbe>();
        services.AddHostedService<ProviderRegistryStarter>();
        services.AddSingleton<ModelRouter>();
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<UpstreamCaller>();
        services.AddSingleton<RelayServices>();
        services.AddSingleton<CompletionRelay>();
        services.AddGatewayCluster();
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PricingOptions>, PricingOptionsValidator>();
        services.AddSingleton<PriceTable>();
        services.AddSingleton<ModelCatalog>();

        services.AddSingleton<KeyCache>();
        services.AddSingleton<IStoredKeyReader, StoredKeyReader>();
        services.AddSingleton<RecentlyUnknownKeys>();
        services.AddSingleton<KeyMissLookup>();
        services.AddSingleton<KeyAuthenticator>();
        services.AddGatewayAuthentication();
        services.AddScoped<KeyStore>();
        services.AddScoped(provider => new OwnedKeys(provider.GetRequiredService<KeyStore>(), provider.GetRequiredService<Warbler.Data.WarblerDbContext>()));
        // Before keys and spending load: the journal of a crashed run is written first, so budgets count it.
        services.AddHostedService<UsageJournalReplay>();
        services.AddHostedService<KeyBootstrapper>();
        services.AddHostedService<SpendingLoader>();
        services.AddSingleton<IUserSpendingSeed, UserSpendingSeed>();
        services.AddSingleton<SpendingLimitsDirectory>();
        services.AddSingleton<SubjectSpendingRestorer>();
        services.AddSingleton<BudgetWatch>();
        services.AddHostedService<SubjectLimitsLoader>();
        services.TryAddSingleton<IBudgetAlerts, NoBudgetAlerts>();
        services.AddGatewayChatClient();

        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UsageOptions>, UsageOptionsValidator>();
        services.AddSingleton<UsageWriter>();
        services.AddSingleton<UsageSegmentStore>();
        services.AddHostedService<UsageWriterService>();
        services.AddHostedService<UsagePathWarmUp>();
        services.AddSingleton<TokenCounter>();
        services.AddHostedService<TokenizerWarmUp>();
        services.AddSingleton<UsageEstimator>();
        services.AddScoped<UsageQueries>();
        services.AddResponseStorage();

        services.AddExceptionHandler<GatewayExceptionHandler>();
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
