using System.Globalization;
using Warbler.Chat.Replies;
using Warbler.Gateway.Cluster;

namespace Warbler.Chat.Realtime;

/// <summary>Someone asked another server to stop a bot reply: stop it if this server is the one writing it.</summary>
internal sealed class ReplyStopNoticeHandler(ReplyCoordinator replies) : IClusterNoticeHandler
{
    public string Topic => ClusterTopics.Replies;

    public async Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var replyId))
        {
            await replies.StopHereAsync(replyId, cancellationToken);
        }
    }
}
