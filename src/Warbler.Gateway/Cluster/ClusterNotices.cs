namespace Warbler.Gateway.Cluster;

/// <summary>
/// Tells the other servers sharing this one's database that something they keep in memory has
/// changed (a key, the providers, a room's members), so they read it again. A single server has
/// no one to tell: <see cref="None"/>.
/// </summary>
public abstract class ClusterNotices
{
    public static readonly ClusterNotices None = new NoOtherServers();

    /// <summary>False for a single server: what it keeps in memory is all there is.</summary>
    public virtual bool ReachesOtherServers => true;

    /// <summary>Sends <paramref name="payload"/> on <paramref name="topic"/> to every other server; never throws.</summary>
    public abstract void Publish(string topic, string payload);

    private sealed class NoOtherServers : ClusterNotices
    {
        public override bool ReachesOtherServers => false;

        public override void Publish(string topic, string payload)
        {
        }
    }
}

/// <summary>Follows one topic of <see cref="ClusterNotices"/> sent by the other servers.</summary>
public interface IClusterNoticeHandler
{
    string Topic { get; }

    Task HandleAsync(string payload, CancellationToken cancellationToken);
}

/// <summary>The topics the gateway and the chat publish.</summary>
public static class ClusterTopics
{
    /// <summary>A key was created, changed or revoked; the payload is its id.</summary>
    public const string Keys = "keys";

    /// <summary>A stored provider was added, changed or removed.</summary>
    public const string Providers = "providers";

    /// <summary>People joined or left a room; the payload is the chat's own.</summary>
    public const string Members = "members";

    /// <summary>Someone asked to stop a bot reply that another server is writing; the payload is its id.</summary>
    public const string Replies = "replies";
}
