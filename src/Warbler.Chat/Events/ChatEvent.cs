using Warbler.Chat.Replies;

namespace Warbler.Chat.Events;

/// <summary>Something that happened in a room, for everyone watching it live.</summary>
public abstract record ChatEvent(Guid RoomId);

public sealed record MessageCreated(MessageResponse Message) : ChatEvent(Message.RoomId);

/// <summary>A piece of a bot reply as it streams.</summary>
public sealed record MessageDelta(Guid RoomId, long MessageId, string Text) : ChatEvent(RoomId);

/// <summary>
/// A bot reply has ended: complete, stopped or failed. <c>Failure</c> says what kind of failure, when
/// the model could not answer; it stays on the server where the reply was written (clients read the reply's <c>error</c>).
/// </summary>
public sealed record MessageCompleted(MessageResponse Message, ReplyFailure? Failure = null) : ChatEvent(Message.RoomId);

/// <summary>A message was edited, or a reply is being regenerated.</summary>
public sealed record MessageUpdated(MessageResponse Message) : ChatEvent(Message.RoomId);

/// <summary>A message was recalled by its writer: it is gone for everyone (a tombstone stays in the history).</summary>
public sealed record MessageDeleted(Guid RoomId, long MessageId) : ChatEvent(RoomId);

/// <summary>A member has read up to a message.</summary>
public sealed record MessageRead(Guid RoomId, Guid UserId, long MessageId) : ChatEvent(RoomId);

/// <summary>A room was created or changed (title, bots, members). <c>UnreadCount</c> is per member, so it is not counted here.</summary>
public sealed record RoomChanged(RoomResponse Room) : ChatEvent(Room.Id);

/// <summary>People became members of a room (they created it, were named in it, or were added).</summary>
public sealed record MembersJoined(Guid RoomId, IReadOnlyList<Guid> UserIds) : ChatEvent(RoomId);

/// <summary>People are no longer members of a room: they left it, or its owner deleted it.</summary>
public sealed record MembersLeft(Guid RoomId, IReadOnlyList<Guid> UserIds, bool RoomDeleted) : ChatEvent(RoomId);
