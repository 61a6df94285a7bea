namespace Warbler.Cluster;

/// <summary>One handler of one topic, as the listener sees it: the notice's text in, the typed call out.</summary>
internal abstract class ClusterSubscription
{
    public abstract string Topic { get; }

    public abstract Task HandleAsync(string payload, CancellationToken cancellationToken);

    public abstract Task CatchUpAsync(CancellationToken cancellationToken);
}

internal sealed class ClusterSubscription<T>(ClusterTopic<T> topic, IClusterNoticeHandler<T> handler) : ClusterSubscription
{
    public override string Topic => topic.Name;

    /// <summary>A notice this server cannot read (sent by a newer server, say) counts as missed.</summary>
    public override Task HandleAsync(string payload, CancellationToken cancellationToken) =>
        topic.TryParse(payload, out var notice) ? handler.HandleAsync(notice, cancellationToken) : handler.CatchUpAsync(cancellationToken);

    public override Task CatchUpAsync(CancellationToken cancellationToken) => handler.CatchUpAsync(cancellationToken);
}
