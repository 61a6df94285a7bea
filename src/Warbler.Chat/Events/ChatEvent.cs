namespace Warbler.Chat.Events;

/// <summary>
/// Something that happened in a room, for everyone watching it live. An event that carries what one
/// feature owns lives with it (<c>Rooms/RoomChanged</c>, <c>Replies/MessageCompleted</c>), so this
/// folder imports only the message shapes, and the features that publish events can import it.
/// </summary>
public abstract record ChatEvent(Guid RoomId);

public sealed record MessageCreated(MessageResponse Message) : ChatEvent(Message.RoomId);

/// <summary>A piece of a bot reply as it streams.</summary>
public sealed record MessageDelta(Guid RoomId, long MessageId, string Text) : ChatEvent(RoomId);

/// <summary>A message was edited, or a reply is being regenerated.</summary>
public sealed record MessageUpdated(MessageResponse Message) : ChatEvent(Message.RoomId);

/// <summary>A message was recalled by its writer: it is gone for everyone (a tombstone stays in the history).</summary>
public sealed record MessageDeleted(Guid RoomId, long MessageId) : ChatEvent(RoomId);

/// <summary>A member has read up to a message.</summary>
public sealed record MessageRead(Guid RoomId, Guid UserId, long MessageId) : ChatEvent(RoomId);

/// <summary>People became members of a room (they created it, were named in it, or were added).</summary>
public sealed record MembersJoined(Guid RoomId, IReadOnlyList<Guid> UserIds) : ChatEvent(RoomId);

/// <summary>People are no longer members of a room: they left it, or its owner deleted it.</summary>
public sealed record MembersLeft(Guid RoomId, IReadOnlyList<Guid> UserIds, bool RoomDeleted) : ChatEvent(RoomId);
