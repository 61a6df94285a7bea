using Warbler.Cluster;

namespace Warbler.Chat.Realtime;

/// <summary>
/// People joined or left a room on another server: this server's connections of theirs join or
/// leave the room's group. (The server that made the change has applied it to its own.)
/// </summary>
internal sealed class MembersNoticeHandler(HubConnections connections) : IClusterNoticeHandler<MembersNotice>
{
    public Task HandleAsync(MembersNotice notice, CancellationToken cancellationToken) =>
        notice.Joined ? connections.JoinAsync(notice.RoomId, notice.UserIds) : connections.LeaveAsync(notice.RoomId, notice.UserIds);

    /// <summary>After missed notices there is no list to read again: connections pick up their rooms when they reconnect.</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
