using Warbler.Contracts.Messages;

namespace Warbler.Client.Realtime;

/// <summary>
/// What the client has already told about each room: the newest message id, and the state of the
/// latest messages. It decides which event, if any, a message received live or found by a
/// catch-up should raise, so that nothing is told twice and nothing goes back to an older state.
/// Not thread-safe: <see cref="WarblerRealtime"/> uses it under its lock.
/// </summary>
internal sealed class SeenMessages
{
    /// <summary>States kept per room; older ones are forgotten, and a change to one of those is told again as an update.</summary>
    private const int KeptPerRoom = 2000;

    private readonly Dictionary<Guid, RoomState> _rooms = [];

    public bool IsTracked(Guid roomId) => _rooms.ContainsKey(roomId);

    /// <summary>The rooms followed, with the newest message id seen in each.</summary>
    public Dictionary<Guid, long> NewestIds() => _rooms.ToDictionary(room => room.Key, room => room.Value.NewestId);

    /// <summary>Follows a room, whose messages up to <paramref name="newestId"/> the client already has.</summary>
    public void Track(Guid roomId, long newestId)
    {
        var room = RoomOf(roomId);
        room.NewestId = Math.Max(room.NewestId, newestId);
    }

    public void Forget(Guid roomId) => _rooms.Remove(roomId);

    /// <returns>The live event to raise, or <c>null</c> when it tells nothing new.</returns>
    public RealtimeEvent? Live(RealtimeEvent received)
    {
        switch (received)
        {
            case MessageCreatedEvent created:
                return Remember(created.Message, known => known is null ? received : null);
            case MessageCompletedEvent completed:
                return Remember(completed.Message, known => known is { } state && state.Matches(completed.Message) && !state.IsStreaming ? null : received);
            case MessageUpdatedEvent updated:
                return Remember(updated.Message, known => known is { } state && state.Matches(updated.Message) ? null : received);
            case MessageDeletedEvent deleted:
                var room = RoomOf(deleted.RoomId);
                if (room.Messages.TryGetValue(deleted.MessageId, out var before) && before.Status == MessageStatuses.Recalled)
                {
                    return null;
                }

                room.Messages[deleted.MessageId] = new MessageState(MessageStatuses.Recalled, before.Version, before.EditedAt);
                return received;
            case ToolStepEvent step:
                // Like a delta: a step of a reply already known to have ended is older than what the client has.
                return _rooms.TryGetValue(step.RoomId, out var stepRoom) && stepRoom.Messages.TryGetValue(step.MessageId, out var stepReply) && !stepReply.IsStreaming
                    ? null
                    : received;
            case MessageDeltaEvent delta:
                // A delta of a reply already known to have ended is older than what the client has.
                return _rooms.TryGetValue(delta.RoomId, out var deltaRoom) && deltaRoom.Messages.TryGetValue(delta.MessageId, out var reply) && !reply.IsStreaming
                    ? null
                    : received;
            case RoomUpdatedEvent roomUpdated:
                // A room joined live: its later messages come live too.
                if (!IsTracked(roomUpdated.RoomId))
                {
                    Track(roomUpdated.RoomId, roomUpdated.Room.LastMessage?.Id ?? 0);
                }

                return received;
            case RoomRemovedEvent removed:
                Forget(removed.RoomId);
                return received;
            default:
                return received;
        }
    }

    /// <returns>The event a message found by a catch-up should raise, or <c>null</c> when the client already has it as it is.</returns>
    public RealtimeEvent? CaughtUp(Message message)
    {
        var isNew = message.Id > RoomOf(message.RoomId).NewestId;
        RealtimeEvent? Decide(MessageState? known) => known switch
        {
            { } state when state.Matches(message) => null,
            _ when message.IsRecalled => isNew && known is null ? new MessageCreatedEvent(message) : new MessageDeletedEvent(message.RoomId, message.Id),
            null when isNew => new MessageCreatedEvent(message),
            null => message.IsFromBot && !message.IsStreaming ? new MessageCompletedEvent(message) : new MessageUpdatedEvent(message),
            { IsStreaming: true } state when !message.IsStreaming && state.Version == message.Version => new MessageCompletedEvent(message),
            _ => new MessageUpdatedEvent(message),
        };

        return Remember(message, Decide) is { } decided ? decided with { CaughtUp = true } : null;
    }

    private RealtimeEvent? Remember(Message message, Func<MessageState?, RealtimeEvent?> decide)
    {
        var room = RoomOf(message.RoomId);
        MessageState? known = room.Messages.TryGetValue(message.Id, out var state) ? state : null;
        var decided = decide(known);
        if (decided is not null || known is null)
        {
            room.Messages[message.Id] = MessageState.Of(message);
            room.NewestId = Math.Max(room.NewestId, message.Id);
            if (room.Messages.Count > KeptPerRoom)
            {
                foreach (var oldest in room.Messages.Keys.Order().Take(KeptPerRoom / 2).ToList())
                {
                    room.Messages.Remove(oldest);
                }
            }
        }

        return decided;
    }

    private RoomState RoomOf(Guid roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var room))
        {
            room = new RoomState();
            _rooms[roomId] = room;
        }

        return room;
    }

    private sealed class RoomState
    {
        public long NewestId { get; set; }

        public Dictionary<long, MessageState> Messages { get; } = [];
    }

    private readonly record struct MessageState(string Status, int Version, DateTimeOffset? EditedAt)
    {
        public bool IsStreaming => Status == MessageStatuses.Streaming;

        public static MessageState Of(Message message) => new(message.Status, message.Version, message.EditedAt);

        /// <summary>Whether the message is in this state already (a recalled message stays recalled whatever else it says).</summary>
        public bool Matches(Message message) =>
            Status == message.Status && (message.IsRecalled || (Version == message.Version && EditedAt == message.EditedAt));
    }
}
