using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Warbler.Cluster;

/// <summary>
/// Receives the other servers' notices and hands each to the handlers of its topic, one after
/// another in the order sent. When the connection to Redis comes back, notices may have been
/// missed, so every handler is told to catch up (<see cref="IClusterNoticeHandler{T}.CatchUpAsync"/>).
/// </summary>
internal sealed partial class ClusterNoticeListener(
    IServiceProvider services, IOptions<RedisOptions> options, IEnumerable<ClusterSubscription> subscriptions, ILogger<ClusterNoticeListener> logger) : BackgroundService
{
    private readonly Dictionary<string, ClusterSubscription[]> _handlers =
        subscriptions.GroupBy(h => h.Topic, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    /// <summary>A notice's topic and text, or the topic alone when its handlers are to catch up.</summary>
    private readonly System.Threading.Channels.Channel<(string Topic, string? Payload)> _received =
        System.Threading.Channels.Channel.CreateUnbounded<(string, string?)>(new() { SingleReader = true });

    private IConnectionMultiplexer? _redis;
    private RedisClusterNotices? _notices;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return; // A single server: no one else sends notices.
        }

        // Subscribed before the server takes requests. Redis may be down now: the subscription is then made when it connects.
        _redis = services.GetRequiredService<IConnectionMultiplexer>();
        _notices = services.GetRequiredService<RedisClusterNotices>();
        _redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_notices.Channel, (_, message) => OnMessage(message));
        }
        catch (RedisException exception)
        {
            SubscribeFailed(logger, exception);
        }

        await base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        if (_redis is not null)
        {
            _redis.ConnectionRestored -= OnConnectionRestored;
        }

        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (topic, payload) in _received.Reader.ReadAllAsync(stoppingToken))
            {
                if (!_handlers.TryGetValue(topic, out var topicHandlers))
                {
                    continue;
                }

                foreach (var handler in topicHandlers)
                {
                    try
                    {
                        await (payload is null ? handler.CatchUpAsync(stoppingToken) : handler.HandleAsync(payload, stoppingToken));
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                    {
                        HandlerFailed(logger, exception, topic);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
    }

    private void OnMessage(RedisValue message)
    {
        var text = (string?)message;
        var parts = text?.Split('|', 3);
        if (parts is not [var server, var topic, var payload] || server == _notices!.ServerId)
        {
            return;
        }

        _received.Writer.TryWrite((topic, payload));
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }

        foreach (var topic in _handlers.Keys)
        {
            _received.Writer.TryWrite((topic, null));
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not subscribe to the other servers' notices in Redis yet; it is retried when Redis connects.")]
    private static partial void SubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Following the other servers' change of {Topic} failed.")]
    private static partial void HandlerFailed(ILogger logger, Exception exception, string topic);
}
