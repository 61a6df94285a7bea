namespace Warbler.Chat.Messages;

/// <summary>The body of <c>POST /api/rooms/{id}/messages</c>.</summary>
public sealed record SendMessageRequest(string? Text, string? ClientMessageId, long? ReplyTo);

/// <summary>The body of <c>PATCH /api/rooms/{id}/messages/{messageId}</c>.</summary>
public sealed record EditMessageRequest(string? Text);

/// <summary>Who wrote a message: a user or a bot.</summary>
public sealed record MessageSender(string Type, Guid Id, string Name);

/// <summary>What a bot reply used.</summary>
public sealed record MessageUsage(int PromptTokens, int CompletionTokens, bool Estimated);

/// <summary>A message as the API returns it.</summary>
public sealed record MessageResponse(
    long Id,
    Guid RoomId,
    MessageSender Sender,
    string Text,
    string? ClientMessageId,
    long? ReplyTo,
    string Status,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EditedAt,
    int Version,
    string? Model,
    MessageUsage? Usage);

/// <summary>A page of a room's messages, oldest first.</summary>
public sealed record MessagePage(IReadOnlyList<MessageResponse> Messages, bool HasMore);
