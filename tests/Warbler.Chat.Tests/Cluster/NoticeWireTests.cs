using System.Net;
using System.Threading.Channels;
using StackExchange.Redis;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>
/// On the Redis channel, notices are sent and read as by earlier builds, so servers of both builds
/// can share a Redis while they are upgraded one by one. The test stands in for the other build.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class NoticeWireTests(SharedCluster cluster)
{
    [RedisFact]
    public async Task KeyCreated_IsSentOnTheNoticesChannelAsEarlierBuildsSentIt()
    {
        var nodes = await cluster.FreshAsync();
        var prefix = nodes.Prefix;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.EndPoint);
        var heard = Channel.CreateUnbounded<string>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(prefix + ":notices"), (_, message) => heard.Writer.TryWrite(message!));

        var (id, _) = await ClusterGatewayTests.CreateKeyAsync(nodes, new { });

        // The nodes are shared: notices of an earlier test's keys may come first.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string notice;
        while (!(notice = await heard.Reader.ReadAsync(timeout.Token)).EndsWith($"{id:D}", StringComparison.Ordinal))
        {
        }

        Assert.Matches($"^[0-9a-f]{{32}}\\|keys\\|{id:D}$", notice);
    }

    [RedisFact]
    public async Task KeyRevokedNoticeSentAsEarlierBuildsSendIt_IsFollowed()
    {
        var nodes = await cluster.FreshAsync();
        var prefix = nodes.Prefix;
        var (id, secret) = await ClusterGatewayTests.CreateKeyAsync(nodes, new { });
        // Revoked through a server whose notices the others do not hear: B goes on serving the key from memory.
        var deaf = await nodes.StartOneThatHearsNothingAsync();
        using var admin = deaf.CreateAdminClient();
        using var revoked = await admin.DeleteAsync($"/api/admin/keys/{id}");
        using var onB = nodes.B.CreateClient(secret);
        using var beforeNotice = await onB.GetAsync("/v1/models");

        await using var redis = await ConnectionMultiplexer.ConnectAsync(nodes.Redis.EndPoint);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(prefix + ":notices"), $"{Guid.NewGuid():N}|keys|{id:D}");
        await ClusterGatewayTests.TimeUntilAsync(async () =>
        {
            using var models = await onB.GetAsync("/v1/models");
            return models.StatusCode == HttpStatusCode.Unauthorized;
        });

        Assert.True(revoked.IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, beforeNotice.StatusCode);
    }
}
