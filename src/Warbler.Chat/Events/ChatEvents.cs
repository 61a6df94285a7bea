using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Warbler.Chat.Events;

/// <summary>
/// In-process publish and subscribe, by room: the REST streams watch one room each, and the
/// real-time hub's relay watches every room. Each subscriber has its own queue, so a slow one
/// delays nobody else. Events stay on the server where they happen; the hub carries them to
/// other servers (see <c>Realtime/HubRelay</c>).
/// </summary>
public sealed class ChatEvents
{
    private readonly ConcurrentDictionary<Guid, ImmutableSubscribers> _rooms = new();
    private volatile ChatSubscription[] _everyRoom = [];
    private readonly Lock _everyRoomLock = new();

    public void Publish(ChatEvent chatEvent)
    {
        foreach (var subscriber in _everyRoom)
        {
            subscriber.Writer.TryWrite(chatEvent);
        }

        if (_rooms.TryGetValue(chatEvent.RoomId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Items)
            {
                subscriber.Writer.TryWrite(chatEvent);
            }
        }
    }

    /// <summary>Events of <paramref name="roomId"/> from now on, until the subscription is disposed.</summary>
    public ChatSubscription Subscribe(Guid roomId)
    {
        var subscription = new ChatSubscription(this, roomId);
        _rooms.AddOrUpdate(roomId, _ => new([subscription]), (_, existing) => new([.. existing.Items, subscription]));
        return subscription;
    }

    /// <summary>Events of every room from now on, until the subscription is disposed.</summary>
    public ChatSubscription SubscribeToEveryRoom()
    {
        var subscription = new ChatSubscription(this, roomId: null);
        lock (_everyRoomLock)
        {
            _everyRoom = [.. _everyRoom, subscription];
        }

        return subscription;
    }

    internal void Unsubscribe(ChatSubscription subscription)
    {
        if (subscription.RoomId is null)
        {
            lock (_everyRoomLock)
            {
                _everyRoom = _everyRoom.Where(s => s != subscription).ToArray();
            }

            return;
        }

        var roomId = subscription.RoomId.Value;
        while (_rooms.TryGetValue(roomId, out var existing))
        {
            var remaining = existing.Items.Where(s => s != subscription).ToArray();
            var updated = remaining.Length == 0
                ? _rooms.TryRemove(new KeyValuePair<Guid, ImmutableSubscribers>(roomId, existing))
                : _rooms.TryUpdate(roomId, new(remaining), existing);
            if (updated)
            {
                return;
            }
        }
    }

    /// <summary>Replaced whole on each change, so publishing reads it without a lock.</summary>
    private sealed record ImmutableSubscribers(ChatSubscription[] Items);
}

/// <summary>One watcher's queue of a room's events.</summary>
public sealed class ChatSubscription : IDisposable
{
    private readonly ChatEvents _owner;
    private readonly Channel<ChatEvent> _queue = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });

    internal ChatSubscription(ChatEvents owner, Guid? roomId)
    {
        _owner = owner;
        RoomId = roomId;
    }

    /// <summary>The room watched; null for a subscription to every room.</summary>
    public Guid? RoomId { get; }

    public ChannelReader<ChatEvent> Reader => _queue.Reader;

    internal ChannelWriter<ChatEvent> Writer => _queue.Writer;

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _owner.Unsubscribe(this);
    }
}
