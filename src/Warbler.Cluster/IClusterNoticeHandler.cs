namespace Warbler.Cluster;

/// <summary>
/// Follows one <see cref="ClusterTopic{T}"/> sent by the other servers; registered with
/// <see cref="ClusterServiceCollectionExtensions.AddClusterNoticeHandler{T, THandler}"/>. The
/// handlers of a server are called one at a time, in the order the notices were sent.
/// </summary>
public interface IClusterNoticeHandler<in T>
{
    /// <summary>Another server sent <paramref name="notice"/>.</summary>
    Task HandleAsync(T notice, CancellationToken cancellationToken);

    /// <summary>
    /// Notices may have been missed (the connection to Redis came back, or one arrived that this
    /// server cannot read): read again whatever the topic keeps in step, or do nothing when there
    /// is nothing to read.
    /// </summary>
    Task CatchUpAsync(CancellationToken cancellationToken);
}
