using Warbler.Cluster;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Limits.Redis;
using Warbler.Gateway.Providers;

namespace Warbler.Gateway;

internal static class GatewayClusterServiceCollectionExtensions
{
    /// <summary>
    /// The gateway's part of the cluster (the connection itself is the host's, <c>AddWarblerCluster</c>):
    /// with <c>Redis:Configuration</c> set, limits counted in Redis, and the keys' and providers'
    /// notices followed. Without: limits in memory. Chosen when the services are first resolved,
    /// from the options (configuration is complete only then).
    /// </summary>
    public static IServiceCollection AddGatewayCluster(this IServiceCollection services)
    {
        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<RedisKeyLimiter>();
        services.AddSingleton<IKeyLimiter>(provider => new LayeredLimiter(
            provider.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled
                ? provider.GetRequiredService<RedisKeyLimiter>()
                : provider.GetRequiredService<KeyRateLimiter>(),
            provider.GetRequiredService<SpendingLimitsDirectory>(),
            provider.GetRequiredService<Budgets.BudgetWatch>()));

        // In this order: a key is read again before the counters are restored.
        services.AddClusterNoticeHandler<Guid, KeyNoticeHandler>(KeyNotices.Topic);
        services.AddClusterNoticeHandler<string, ProviderNoticeHandler>(ProviderNotices.Topic);
        services.AddClusterNoticeHandler<Guid, CounterRestorer>(KeyNotices.Topic);
        services.AddClusterNoticeHandler<Guid, LimitNoticeHandler>(LimitNotices.Topic);
        return services;
    }
}
