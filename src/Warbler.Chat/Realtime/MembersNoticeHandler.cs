using Warbler.Gateway.Cluster;

namespace Warbler.Chat.Realtime;

/// <summary>
/// People joined or left a room on another server: this server's connections of theirs join or
/// leave the room's group. (The server that made the change has applied it to its own.)
/// </summary>
internal sealed class MembersNoticeHandler(HubConnections connections) : IClusterNoticeHandler
{
    public string Topic => ClusterTopics.Members;

    public Task HandleAsync(string payload, CancellationToken cancellationToken)
    {
        // After missed notices there is no list to read again: connections pick up their rooms when they reconnect.
        if (!MembersNotice.TryParse(payload, out var roomId, out var joined, out var userIds))
        {
            return Task.CompletedTask;
        }

        return joined ? connections.JoinAsync(roomId, userIds) : connections.LeaveAsync(roomId, userIds);
    }
}
