using OpenAI.Chat;
using Warbler.Cli.Attachments;

namespace Warbler.Cli.Chat;

/// <summary>What a chat session remembers: the system message, the turns so far, and the model.</summary>
internal sealed class Conversation(string model, string? system)
{
    private readonly List<TranscriptMessage> _turns = [];

    public string Model { get; set; } = model;

    public string? System { get; set; } = system;

    public int TurnCount => _turns.Count;

    public void Add(string role, string content, IReadOnlyList<AttachedFile>? attachments = null) =>
        _turns.Add(new TranscriptMessage(role, content, attachments is { Count: > 0 } ? attachments : null));

    /// <summary>Forgets the last message: a question that got no answer.</summary>
    public void RemoveLast() => _turns.RemoveAt(_turns.Count - 1);

    /// <summary>Forgets the turns; the system message and model stay.</summary>
    public void Reset() => _turns.Clear();

    /// <summary>Every message, system first, as they are sent and saved.</summary>
    public List<TranscriptMessage> Messages() =>
        System is { } system ? [new TranscriptMessage(TranscriptMessage.System, system), .. _turns] : [.. _turns];

    public List<ChatMessage> ToChatMessages() => [.. Messages().Select(m => m.ToChatMessage())];

    /// <summary>Replaces everything with a loaded transcript; its first system message becomes the system message.</summary>
    public void Replace(IReadOnlyList<TranscriptMessage> messages)
    {
        _turns.Clear();
        System = messages.FirstOrDefault(m => m.Role == TranscriptMessage.System)?.Content;
        _turns.AddRange(messages.Where(m => m.Role != TranscriptMessage.System));
    }
}
