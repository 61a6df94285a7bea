using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Warbler.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// The infrastructure several servers share (section <c>Redis</c>): with <c>Redis:Configuration</c>
    /// set, one connection to Redis for the whole server (<see cref="IConnectionMultiplexer"/>, also
    /// SignalR's backplane and the gateway's limit counters) and notices of changes sent to the other
    /// servers through it. Without: no connection, and no one to notify (<see cref="ClusterNotices.None"/>).
    /// Chosen when the services are first resolved, from the options (configuration is complete only
    /// then). Registered once by the host, before the features that use it; a second call does nothing.
    /// </summary>
    public static IHostApplicationBuilder AddWarblerCluster(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(RedisClusterNotices)))
        {
            return builder;
        }

        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>();
        services.AddSingleton<IConnectionMultiplexer>(provider => Connect(provider.GetRequiredService<IOptions<RedisOptions>>().Value));

        services.AddSingleton<RedisClusterNotices>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<RedisOptions>>().Value.Enabled
            ? provider.GetRequiredService<RedisClusterNotices>()
            : ClusterNotices.None);
        services.AddHostedService<ClusterNoticeListener>();
        return builder;
    }

    /// <summary>
    /// Has <typeparamref name="THandler"/> (a singleton, built with the server's services) follow
    /// <paramref name="topic"/> as the other servers send it. A topic may have several handlers:
    /// they are called in the order they were registered. A single server has no notices to follow.
    /// </summary>
    public static IServiceCollection AddClusterNoticeHandler<T, THandler>(this IServiceCollection services, ClusterTopic<T> topic)
        where THandler : class, IClusterNoticeHandler<T>
    {
        services.AddSingleton<ClusterSubscription>(provider => new ClusterSubscription<T>(topic, ActivatorUtilities.CreateInstance<THandler>(provider)));
        return services;
    }

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
