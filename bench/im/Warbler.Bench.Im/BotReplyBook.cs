using System.Collections.Concurrent;
using System.Text.Json;

namespace Warbler.Bench.Im;

/// <summary>
/// The soak's bot mentions and how each reply ended, as the member who mentions the bot sees it:
/// its <c>messageCompleted</c> (or, for one that did not come live, the reply found by
/// <c>CatchUp</c>), matched to the mention by <c>replyTo</c>.
/// </summary>
internal sealed class BotReplyBook(Guid roomId, int member)
{
    private readonly ConcurrentDictionary<long, Mention> _mentions = new();
    private readonly ConcurrentDictionary<long, BotReplyEnd> _ends = new();

    public Guid RoomId { get; } = roomId;

    /// <summary>A mention the hub acknowledged: its message id and when (seconds after the soak's start).</summary>
    public void Mentioned(long messageId, double ackedAt) => _mentions[messageId] = new Mention(messageId, ackedAt);

    public void RecordCompleted(int receiver, Guid roomId, JsonElement reply, long at)
    {
        if (receiver == member && roomId == RoomId)
        {
            Record(reply, at, live: true);
        }
    }

    /// <summary>A reply from a <c>CatchUp</c> page; one still being written is not an end.</summary>
    public void RecordCaughtUp(JsonElement reply)
    {
        if (MessageJson.String(reply, "status") != "streaming")
        {
            Record(reply, Clock.Now(), live: false);
        }
    }

    public IReadOnlyList<Mention> Mentions => [.. _mentions.Values.OrderBy(m => m.MessageId)];

    public BotReplyEnd? EndOf(long mentionId) => _ends.GetValueOrDefault(mentionId);

    private void Record(JsonElement reply, long at, bool live)
    {
        if (MessageJson.SenderType(reply) == "bot" && MessageJson.Int64(reply, "replyTo") is { } mention)
        {
            _ends.TryAdd(mention, new BotReplyEnd(MessageJson.String(reply, "status") ?? "?", MessageJson.String(reply, "error"), at, live));
        }
    }
}

internal sealed record Mention(long MessageId, double AckedAt);

/// <summary>How a reply ended (<c>complete</c>, <c>failed</c>, …), when it was seen (a <see cref="Clock"/> timestamp) and whether it came live.</summary>
internal sealed record BotReplyEnd(string Status, string? Error, long At, bool Live);

/// <summary>
/// The soak's bot replies: complete, failed (each counted as a refusal at its mention's time: the
/// fault's if in a window), never finished, and how many ends were not delivered live but found
/// with <c>CatchUp</c>.
/// </summary>
internal sealed record BotRepliesResult(int Mentions, int Complete, int Failed, int Unfinished, int CaughtUp);
