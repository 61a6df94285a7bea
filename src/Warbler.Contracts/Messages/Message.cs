using System.Text.Json.Serialization;

namespace Warbler.Contracts.Messages;

/// <summary>A message in a room, from a person or a bot, as the API and the hub show it.</summary>
/// <param name="Id">The message's id; ids grow with time within a server.</param>
/// <param name="RoomId">The room it is in.</param>
/// <param name="Sender">Who wrote it.</param>
/// <param name="Text">Its text; empty for a reply that has just started, and for a recalled message.</param>
/// <param name="ClientMessageId">The sender's own id for it, which makes a retried send safe.</param>
/// <param name="ReplyTo">The message it answers, if any.</param>
/// <param name="Status">See <see cref="MessageStatuses"/>: <c>complete</c>, <c>streaming</c>, <c>stopped</c>, <c>failed</c> or <c>recalled</c>.</param>
/// <param name="Error">Why a bot reply failed, in words for people.</param>
/// <param name="CreatedAt">When it was sent.</param>
/// <param name="EditedAt">When it was last edited, if it was.</param>
/// <param name="Version">1, and one more each time it is edited or regenerated.</param>
/// <param name="Model">The model a bot reply was written with.</param>
/// <param name="Usage">The tokens a bot reply used.</param>
/// <param name="Attachments">The files sent with it; absent when none.</param>
/// <param name="Sources">For a bot reply from a knowledge base: the passages it was given; left out otherwise.</param>
/// <param name="ToolSteps">The tools a bot reply called, in order; null when it called none.</param>
public sealed record Message(
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
    MessageUsage? Usage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MessageAttachment>? Attachments = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MessageSource>? Sources = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ToolStep>? ToolSteps = null)
{
    /// <summary>Whether a bot is still writing this reply: deltas and a completion follow.</summary>
    [JsonIgnore]
    public bool IsStreaming => Status == MessageStatuses.Streaming;

    /// <summary>Whether its writer recalled it: what is left is a tombstone with no text.</summary>
    [JsonIgnore]
    public bool IsRecalled => Status == MessageStatuses.Recalled;

    /// <summary>Whether a bot wrote it.</summary>
    [JsonIgnore]
    public bool IsFromBot => Sender.Type == MessageSender.BotType;
}
