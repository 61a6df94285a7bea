using StackExchange.Redis;
using Warbler.Gateway.Limits;

namespace Warbler.Gateway.Cluster;

internal static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set: limits counted in Redis and notices of changes sent to
    /// the other servers through it. Without: limits in memory and no one to notify.
    /// </summary>
    public static IServiceCollection AddWarblerCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddSingleton<KeyRateLimiter>();
        if (!RedisOptions.IsConfigured(configuration))
        {
            services.AddSingleton<IKeyLimiter>(provider => provider.GetRequiredService<KeyRateLimiter>());
            services.AddSingleton(ClusterNotices.None);
            return services;
        }

        services.AddSingleton<IConnectionMultiplexer>(provider => Connect(provider.GetRequiredService<IOptions<RedisOptions>>().Value));
        services.AddSingleton<IKeyLimiter, RedisKeyLimiter>();
        services.AddSingleton<RedisClusterNotices>();
        services.AddSingleton<ClusterNotices>(provider => provider.GetRequiredService<RedisClusterNotices>());
        services.AddHostedService<ClusterNoticeListener>();
        services.AddSingleton<IClusterNoticeHandler, KeyNoticeHandler>();
        services.AddSingleton<IClusterNoticeHandler, ProviderNoticeHandler>();
        return services;
    }

    /// <summary>
    /// Connects without waiting for Redis to be up: the server starts, and reconnects every second
    /// while Redis is away. Commands fail at once when it is (rather than queueing), so callers
    /// answer 503 instead of hanging.
    /// </summary>
    public static ConnectionMultiplexer Connect(RedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy ??= new LinearRetry(1000);
        configuration.ClientName ??= "warbler";
        return ConnectionMultiplexer.Connect(configuration);
    }
}
