using Warbler.Cluster;

namespace Warbler.Gateway.Keys;

/// <summary>The keys' topic among the servers: a key was created, changed or revoked; the notice is its id.</summary>
internal static class KeyNotices
{
    public static readonly ClusterTopic<Guid> Topic = new("keys", id => id.ToString(), Guid.TryParse);
}
