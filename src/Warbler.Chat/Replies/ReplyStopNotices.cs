using System.Globalization;
using Warbler.Cluster;

namespace Warbler.Chat.Replies;

/// <summary>The replies' topic among the servers: someone asked to stop a bot reply that another server may be writing; the notice is its id.</summary>
internal static class ReplyStopNotices
{
    public static readonly ClusterTopic<long> Topic = new(
        "replies",
        id => id.ToString(CultureInfo.InvariantCulture),
        (string payload, out long id) => long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out id));
}
