using Warbler.Contracts.Messages;
using Warbler.Contracts.Realtime;
using Warbler.Contracts.Rooms;

namespace Warbler.Client.Realtime;

/// <summary>Something that happened in one of the user's rooms, as the hub tells it (or as the catch-up after a reconnect found it).</summary>
/// <param name="RoomId">The room it happened in.</param>
public abstract record RealtimeEvent(Guid RoomId)
{
    /// <summary>Whether the event was found by the catch-up after a reconnect, having happened while the connection was away, rather than received live.</summary>
    public bool CaughtUp { get; init; }
}

/// <summary><c>messageCreated</c>: a message was stored (by anyone, the user included), or a bot reply started (status <c>streaming</c>, no text yet).</summary>
/// <param name="Message">The message.</param>
public sealed record MessageCreatedEvent(Message Message) : RealtimeEvent(Message.RoomId);

/// <summary><c>messageDelta</c>: the next piece of a bot reply's text; appended in order, they make the text.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="MessageId">The reply.</param>
/// <param name="Text">The piece of text.</param>
public sealed record MessageDeltaEvent(Guid RoomId, long MessageId, string Text) : RealtimeEvent(RoomId);

/// <summary><c>toolStep</c>: a bot reply's call of a tool started (status <c>running</c>) or ended (<c>ok</c>, <c>error</c>, <c>timed-out</c>); the reply as stored keeps them in <see cref="Message.ToolSteps"/>.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="MessageId">The reply.</param>
/// <param name="Step">The call; a later event for the same <see cref="ToolStep.Index"/> replaces it.</param>
public sealed record ToolStepEvent(Guid RoomId, long MessageId, ToolStep Step) : RealtimeEvent(RoomId);

/// <summary><c>messageCompleted</c>: a bot reply ended, <c>complete</c>, <c>stopped</c> or <c>failed</c>, as stored with its whole text.</summary>
/// <param name="Message">The reply.</param>
public sealed record MessageCompletedEvent(Message Message) : RealtimeEvent(Message.RoomId);

/// <summary><c>messageUpdated</c>: a message was edited, or a reply is being written again (deltas and a completion follow).</summary>
/// <param name="Message">The message as it is now.</param>
public sealed record MessageUpdatedEvent(Message Message) : RealtimeEvent(Message.RoomId);

/// <summary><c>messageDeleted</c>: a message was recalled by its writer; it is gone for everyone.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="MessageId">The message.</param>
public sealed record MessageDeletedEvent(Guid RoomId, long MessageId) : RealtimeEvent(RoomId);

/// <summary><c>typing</c>: someone else in the room is typing. There is no "stopped typing": show it for a few seconds.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="UserId">Who is typing.</param>
public sealed record TypingEvent(Guid RoomId, Guid UserId) : RealtimeEvent(RoomId);

/// <summary><c>readReceipt</c>: a member has read up to a message.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="UserId">The member.</param>
/// <param name="MessageId">The newest message they have read.</param>
public sealed record ReadReceiptEvent(Guid RoomId, Guid UserId, long MessageId) : RealtimeEvent(RoomId);

/// <summary><c>roomUpdated</c>: a room was created with the user, or its title, bots or members changed.</summary>
/// <param name="Room">The room as it is now (its <see cref="Room.UnreadCount"/> is not counted here: 0).</param>
public sealed record RoomUpdatedEvent(Room Room) : RealtimeEvent(Room.Id);

/// <summary><c>roomRemoved</c>: the user is no longer in a room: they left it, or its owner deleted it.</summary>
/// <param name="RoomId">The room.</param>
public sealed record RoomRemovedEvent(Guid RoomId) : RealtimeEvent(RoomId);

/// <summary><c>budgetAlert</c>: the user's spending, or a team's they belong to, passed 80 % or 100 % of a budget. It is of no room: <see cref="RealtimeEvent.RoomId"/> is empty.</summary>
/// <param name="Alert">The budget, the percent passed, what was spent and the limit.</param>
public sealed record BudgetAlertEvent(BudgetAlert Alert) : RealtimeEvent(Guid.Empty);
