namespace Warbler.Contracts.Messages;

/// <summary>The body of <c>POST /api/rooms/{id}/messages</c>.</summary>
/// <param name="Text">The text.</param>
/// <param name="ClientMessageId">The sender's own id for the message, which makes a retried send safe.</param>
/// <param name="ReplyTo">The message this one answers, if any.</param>
/// <param name="AttachmentIds">Files the sender uploaded to the room and sends with it; with some, the text may be empty.</param>
public sealed record SendMessageRequest(string? Text, string? ClientMessageId, long? ReplyTo, IReadOnlyList<Guid>? AttachmentIds = null);

/// <summary>The body of <c>PATCH /api/rooms/{id}/messages/{messageId}</c>.</summary>
/// <param name="Text">The new text.</param>
public sealed record EditMessageRequest(string? Text);
