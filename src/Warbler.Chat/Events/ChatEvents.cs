using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Warbler.Chat.Events;

/// <summary>
/// In-process publish and subscribe, by room: the REST streams and (later) the real-time hub
/// watch rooms through it. Each subscriber has its own queue, so a slow one delays nobody else.
/// </summary>
public sealed class ChatEvents
{
    private readonly ConcurrentDictionary<Guid, ImmutableSubscribers> _rooms = new();

    public void Publish(ChatEvent chatEvent)
    {
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

    internal void Unsubscribe(ChatSubscription subscription)
    {
        while (_rooms.TryGetValue(subscription.RoomId, out var existing))
        {
            var remaining = existing.Items.Where(s => s != subscription).ToArray();
            var updated = remaining.Length == 0
                ? _rooms.TryRemove(new KeyValuePair<Guid, ImmutableSubscribers>(subscription.RoomId, existing))
                : _rooms.TryUpdate(subscription.RoomId, new(remaining), existing);
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

    internal ChatSubscription(ChatEvents owner, Guid roomId)
    {
        _owner = owner;
        RoomId = roomId;
    }

    public Guid RoomId { get; }

    public ChannelReader<ChatEvent> Reader => _queue.Reader;

    internal ChannelWriter<ChatEvent> Writer => _queue.Writer;

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _owner.Unsubscribe(this);
    }
}
