using Warbler.Data.Rooms;

namespace Warbler.Chat.Messages;

/// <summary>What a message must be, said the same way over REST and the hub.</summary>
internal static class MessageRules
{
    /// <returns>Why the text cannot be sent, or null when it can.</returns>
    public static string? TextProblem(string? text, int maxLength) =>
        string.IsNullOrWhiteSpace(text) ? "A message needs some text."
        : text.Length > maxLength ? $"A message may be at most {maxLength} characters (this one has {text.Length})."
        : null;

    /// <returns>Why the client message id cannot be used, or null when it can.</returns>
    public static string? ClientMessageIdProblem(string? clientMessageId) =>
        string.IsNullOrWhiteSpace(clientMessageId) || clientMessageId.Length > RoomLimits.ClientMessageIdMaxLength
            ? $"Give each message an id of your own (1 to {RoomLimits.ClientMessageIdMaxLength} characters), so a retried send is stored once."
            : null;

    public static string NoSuchMessage(long messageId) => $"There is no message {messageId} in this room.";

    public const string NotYours = "Only the person who wrote a message may change or recall it.";

    public const string ReplyInProgress = "A bot reply to this message is still being written; stop it or wait for it to finish.";

    public const string WasRecalled = "This message was recalled.";

    public static string TooLateToRecall(TimeSpan window) =>
        window == TimeSpan.Zero
            ? "Recalling messages is turned off on this server."
            : $"A message can be recalled only within {Describe(window)} of being sent.";

    private static string Describe(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays % 1 == 0 => Plural((int)span.TotalDays, "day"),
        { TotalHours: >= 1 } when span.TotalHours % 1 == 0 => Plural((int)span.TotalHours, "hour"),
        { TotalMinutes: >= 1 } when span.TotalMinutes % 1 == 0 => Plural((int)span.TotalMinutes, "minute"),
        _ => Plural((int)Math.Ceiling(span.TotalSeconds), "second"),
    };

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
