using Warbler.Cluster;

namespace Warbler.Gateway.Limits;

/// <summary>The topic of users' and teams' limits among the servers: limits, memberships or bots' teams changed; read them all again.</summary>
internal static class LimitNotices
{
    public static readonly ClusterTopic<Guid> Topic = new("limits", id => id.ToString(), Guid.TryParse);
}
