namespace Warbler.Client.Messages;

/// <summary>The body of <c>POST /api/rooms/{id}/messages</c>.</summary>
internal sealed record SendMessageRequest(string Text, string ClientMessageId, long? ReplyTo);

/// <summary>The body of <c>PATCH /api/rooms/{id}/messages/{messageId}</c>.</summary>
internal sealed record EditMessageRequest(string Text);
