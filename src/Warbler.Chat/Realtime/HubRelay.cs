using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Events;
using Warbler.Chat.Logging;
using Warbler.Chat.Replies;
using Warbler.Chat.Rooms;
using Warbler.Chat.Tools;
using Warbler.Cluster;
using Warbler.Contracts.Realtime;

namespace Warbler.Chat.Realtime;

/// <summary>
/// Carries the chat's events to the hub's clients: each event of a room is sent to the room's
/// group through <see cref="IHubContext{THub, T}"/>, in the order it happened. Events are published
/// in-process on the server where they happen (a send, a reply being written), and only that
/// server relays them, so each reaches each connection once; with the Redis backplane the same
/// group sends reach the connections held by every server, and membership changes are told to
/// the other servers (<see cref="MembersNoticeHandler"/>), which apply them to their connections.
/// </summary>
/// <remarks>
/// Rooms are spread over a few lanes, each relaying its events one after another: a room keeps its
/// order, and a room whose members read slowly holds up only the rooms that share its lane.
/// </remarks>
internal sealed class HubRelay(ChatEvents events, IHubContext<ChatHub, IChatHubClient> hub, HubConnections connections, ClusterNotices notices, ILogger<HubRelay> logger) : BackgroundService
{
    private const int Lanes = 16;

    private ChatSubscription? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribed before the server takes requests, so no event is missed.
        _subscription = events.SubscribeToEveryRoom();
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))
            .ToArray();
        var relaying = lanes.Select(lane => RelayLaneAsync(lane.Reader, stoppingToken)).ToArray();
        try
        {
            await foreach (var chatEvent in _subscription!.Reader.ReadAllAsync(stoppingToken))
            {
                lanes[(chatEvent.RoomId.GetHashCode() & int.MaxValue) % Lanes].Writer.TryWrite(chatEvent);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Writer.TryComplete();
            }

            await Task.WhenAll(relaying);
        }
    }

    private async Task RelayLaneAsync(ChannelReader<ChatEvent> lane, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (await lane.WaitToReadAsync(CancellationToken.None))
        {
            while (lane.TryRead(out var chatEvent))
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    continue; // Drained, not sent: the connections are closing.
                }

                try
                {
                    await RelayAsync(chatEvent);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    ChatLog.RelayFailed(logger, exception, chatEvent.GetType().Name, chatEvent.RoomId);
                }
            }
        }
    }

    // The typed client's sends take no token: once the server is stopping, events are drained unsent above.
    private async Task RelayAsync(ChatEvent chatEvent)
    {
        var room = hub.Clients.Group(RoomGroups.Of(chatEvent.RoomId));
        switch (chatEvent)
        {
            case MessageCreated created:
                await room.messageCreated(created.Message);
                break;
            case MessageDelta delta:
                await room.messageDelta(delta.RoomId, delta.MessageId, delta.Text);
                break;
            case MessageCompleted completed:
                await room.messageCompleted(completed.Message);
                break;
            case ToolStepChanged step:
                await room.toolStep(step.RoomId, step.MessageId, step.Step);
                break;
            case MessageUpdated updated:
                await room.messageUpdated(updated.Message);
                break;
            case MessageDeleted deleted:
                await room.messageDeleted(deleted.RoomId, deleted.MessageId);
                break;
            case MessageRead read:
                await room.readReceipt(read.RoomId, read.UserId, read.MessageId);
                break;
            case RoomChanged changed:
                await room.roomUpdated(changed.Room);
                break;
            case MembersJoined joined:
                await connections.JoinAsync(joined.RoomId, joined.UserIds);
                notices.Publish(MembersNotice.Topic, new MembersNotice(joined.RoomId, Joined: true, joined.UserIds));
                break;
            case MembersLeft left:
                await connections.LeaveAsync(left.RoomId, left.UserIds);
                notices.Publish(MembersNotice.Topic, new MembersNotice(left.RoomId, Joined: false, left.UserIds));
                await hub.Clients.Users(left.UserIds.Select(id => id.ToString()).ToList()).roomRemoved(left.RoomId);
                break;
        }
    }
}
