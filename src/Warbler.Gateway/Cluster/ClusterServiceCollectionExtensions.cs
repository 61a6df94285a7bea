using StackExchange.Redis;
using Warbler.Gateway.Limits;

namespace Warbler.Gateway.Cluster;

internal static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Redis:Configuration</c> set: limits counted in Redis and notices of changes sent to
    /// the other servers through it. Without: limits in memory and no one to notify. Chosen when the
    /// services are first resolved, from the options (configuration is complete only then).
    /// </summary>
    public static IServiceCollection AddWarblerCluster(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddSingleton<IConnectionMultiplexer>(provider => Connect(provider.GetRequiredService<IOptions<RedisOptions>>().Value));

        services.AddSingleton<KeyRateLimiter>();
        services.AddSingleton<RedisKeyLimiter>();
        services.AddSingleton<IKeyLimiter>(provider => UsesRedis(provider)
            ? provider.GetRequiredService<RedisKeyLimiter>()
            : provider.GetRequiredService<KeyRateLimiter>());

        services.AddSingleton<RedisClusterNotices>();
        services.AddSingleton(provider => UsesRedis(provider) ? provider.GetRequiredService<RedisClusterNotices>() : ClusterNotices.None);
        services.AddHostedService<ClusterNoticeListener>();
        services.AddSingleton<IClusterNoticeHandler, KeyNoticeHandler>();
        services.AddSingleton<IClusterNoticeHandler, ProviderNoticeHandler>();
        services.AddSingleton<IClusterNoticeHandler, CounterRestorer>();
        return services;
    }

    public static bool UsesRedis(IServiceProvider provider) => provider.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled;

    /// <summary>
    /// Connects without waiting for Redis to be up: the server starts, and reconnects every second
    /// while Redis is away. Commands fail at once when it is (rather than queueing), so callers
    /// answer 503 instead of hanging. Every pub/sub channel (the backplane's and the notices) starts
    /// with <c>{prefix}:</c>, so installations sharing a Redis do not hear each other.
    /// </summary>
    private static ConnectionMultiplexer Connect(RedisOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy ??= new LinearRetry(1000);
        configuration.ClientName ??= "warbler";
        configuration.ChannelPrefix = RedisChannel.Literal(options.Prefix + ":");
        return ConnectionMultiplexer.Connect(configuration);
    }
}
