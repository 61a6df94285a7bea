using Warbler.Chat.Messages;

namespace Warbler.Chat.Events;

/// <summary>Something that happened in a room, for everyone watching it live.</summary>
public abstract record ChatEvent(Guid RoomId);

public sealed record MessageCreated(MessageResponse Message) : ChatEvent(Message.RoomId);

/// <summary>A piece of a bot reply as it streams.</summary>
public sealed record MessageDelta(Guid RoomId, long MessageId, string Text) : ChatEvent(RoomId);

/// <summary>A bot reply has ended: complete, stopped or failed.</summary>
public sealed record MessageCompleted(MessageResponse Message) : ChatEvent(Message.RoomId);

/// <summary>A message was edited, or a reply is being regenerated.</summary>
public sealed record MessageUpdated(MessageResponse Message) : ChatEvent(Message.RoomId);
