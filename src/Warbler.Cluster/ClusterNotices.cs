namespace Warbler.Cluster;

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

    /// <summary>Sends <paramref name="notice"/> on <paramref name="topic"/> to every other server; never throws.</summary>
    public void Publish<T>(ClusterTopic<T> topic, T notice)
    {
        if (ReachesOtherServers)
        {
            Send(topic.Name, topic.Format(notice));
        }
    }

    /// <summary>Sends a notice's text; never throws.</summary>
    private protected abstract void Send(string topic, string payload);

    private sealed class NoOtherServers : ClusterNotices
    {
        public override bool ReachesOtherServers => false;

        private protected override void Send(string topic, string payload)
        {
        }
    }
}
