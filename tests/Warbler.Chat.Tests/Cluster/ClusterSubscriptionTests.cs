using Microsoft.Extensions.DependencyInjection;
using Warbler.Cluster;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>How a feature's handler sees the notices of its topic.</summary>
public sealed class ClusterSubscriptionTests
{
    private static readonly ClusterTopic<long> Counts = new("counts", n => n.ToString(System.Globalization.CultureInfo.InvariantCulture), long.TryParse);

    [Fact]
    public async Task HandleAsync_TextOfTheTopic_ReachesTheHandlerAsItsNotice()
    {
        var (subscription, handler) = Subscribe();

        await subscription.HandleAsync("42", CancellationToken.None);

        Assert.Equal(["42"], handler.Calls);
    }

    [Fact]
    public async Task HandleAsync_TextTheTopicCannotRead_HasTheHandlerCatchUp()
    {
        var (subscription, handler) = Subscribe();

        await subscription.HandleAsync("forty-two", CancellationToken.None);
        await subscription.CatchUpAsync(CancellationToken.None);

        Assert.Equal(["catch up", "catch up"], handler.Calls);
    }

    [Fact]
    public void Publish_SingleServer_SendsNothingAndDoesNotThrow()
    {
        Assert.False(ClusterNotices.None.ReachesOtherServers);
        ClusterNotices.None.Publish(Counts, 42);
    }

    [Fact]
    public void ClusterTopic_NameWithTheSeparator_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new ClusterTopic<long>("a|b", n => "", long.TryParse));

    private static (ClusterSubscription Subscription, RecordingHandler Handler) Subscribe()
    {
        var handler = new RecordingHandler();
        using var services = new ServiceCollection().AddSingleton(handler).AddClusterNoticeHandler<long, ForwardingHandler>(Counts).BuildServiceProvider();
        var subscription = Assert.Single(services.GetServices<ClusterSubscription>());
        Assert.Equal("counts", subscription.Topic);
        return (subscription, handler);
    }

    private sealed class RecordingHandler
    {
        public List<string> Calls { get; } = [];
    }

    private sealed class ForwardingHandler(RecordingHandler recording) : IClusterNoticeHandler<long>
    {
        public Task HandleAsync(long notice, CancellationToken cancellationToken)
        {
            recording.Calls.Add(notice.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        }

        public Task CatchUpAsync(CancellationToken cancellationToken)
        {
            recording.Calls.Add("catch up");
            return Task.CompletedTask;
        }
    }
}
