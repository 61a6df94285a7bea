using Warbler.Chat.Events;

namespace Warbler.Chat.Replies;

/// <summary>
/// A bot reply has ended: complete, stopped or failed. <c>Failure</c> says what kind of failure, when
/// the model could not answer; it stays on the server where the reply was written (clients read the reply's <c>error</c>).
/// </summary>
public sealed record MessageCompleted(MessageResponse Message, ReplyFailure? Failure = null) : ChatEvent(Message.RoomId);
