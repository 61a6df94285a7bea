using Warbler.Chat.Replies;
using Warbler.Cluster;

namespace Warbler.Chat.Realtime;

/// <summary>Someone asked another server to stop a bot reply: stop it if this server is the one writing it.</summary>
internal sealed class ReplyStopNoticeHandler(ReplyCoordinator replies) : IClusterNoticeHandler<long>
{
    public Task HandleAsync(long notice, CancellationToken cancellationToken) => replies.StopHereAsync(notice, cancellationToken);

    /// <summary>A missed request to stop is not asked again: the reply ends as it would have without it.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
