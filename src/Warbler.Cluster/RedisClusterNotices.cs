using StackExchange.Redis;

namespace Warbler.Cluster;

/// <summary>
/// Notices over Redis pub/sub on one channel, <c>{prefix}:notices</c> (the connection adds the prefix). Each message is
/// <c>{server}|{topic}|{payload}</c>: a server skips its own.
/// </summary>
internal sealed partial class RedisClusterNotices(IConnectionMultiplexer redis, ILogger<RedisClusterNotices> logger) : ClusterNotices
{
    public string ServerId { get; } = Guid.NewGuid().ToString("N");

    public RedisChannel Channel { get; } = RedisChannel.Literal("notices");

    private protected override void Send(string topic, string payload)
    {
        try
        {
            redis.GetSubscriber().Publish(Channel, $"{ServerId}|{topic}|{payload}", CommandFlags.FireAndForget);
        }
        catch (RedisException exception)
        {
            // The change is stored; the other servers miss it until Redis is back and they catch up (see ClusterNoticeListener).
            PublishFailed(logger, exception, topic);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not tell the other servers about a change of {Topic} through Redis.")]
    private static partial void PublishFailed(ILogger logger, Exception exception, string topic);
}
