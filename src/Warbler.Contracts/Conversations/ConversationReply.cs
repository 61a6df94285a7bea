namespace Warbler.Contracts.Conversations;

/// <summary>The answer of <c>POST /chat</c>: the default bot's whole reply, and the conversation to pass back to go on.</summary>
/// <param name="ConversationId">The conversation, a direct room with the bot (also listed among the rooms).</param>
/// <param name="Reply">The bot's reply.</param>
/// <param name="ReplyMessageId">The id of the reply in the room.</param>
public sealed record ConversationReply(Guid ConversationId, string Reply, long ReplyMessageId);

/// <summary>The body of <c>POST /chat</c>: the message, and the conversation to go on (none starts one).</summary>
/// <param name="Message">The message.</param>
/// <param name="ConversationId">The conversation to go on, or <c>null</c> to start one.</param>
public sealed record ConversationRequest(string? Message, Guid? ConversationId);
