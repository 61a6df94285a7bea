using System.Text.Json;

namespace Warbler.Bench.Im;

/// <summary>Routes every member's hub events to the scenario recording at the moment, if any.</summary>
internal sealed class Recorder
{
    private DeliveryBook? _deliveries;
    private StreamBook? _streams;
    private BotReplyBook? _botReplies;
    private long _unparsed;

    /// <summary>Events whose message had no usable roomId (a sign that the hub's JSON differs from the REST API's).</summary>
    public long Unparsed => Interlocked.Read(ref _unparsed);

    public DeliveryBook? Deliveries
    {
        get => Volatile.Read(ref _deliveries);
        set => Volatile.Write(ref _deliveries, value);
    }

    public StreamBook? Streams
    {
        get => Volatile.Read(ref _streams);
        set => Volatile.Write(ref _streams, value);
    }

    public BotReplyBook? BotReplies
    {
        get => Volatile.Read(ref _botReplies);
        set => Volatile.Write(ref _botReplies, value);
    }

    public void MessageCreated(int member, JsonElement message, long at)
    {
        if (Deliveries is not { } book)
        {
            return;
        }

        if (MessageJson.Guid(message, "roomId") is not { } roomId)
        {
            Interlocked.Increment(ref _unparsed);
            return;
        }

        book.Record(member, roomId, MessageJson.String(message, "clientMessageId"), at);
    }

    public void MessageDelta(int member, Guid roomId, long messageId, string text, long at) =>
        Streams?.RecordDelta(member, roomId, messageId, text, at);

    public void MessageCompleted(int member, JsonElement message, long at)
    {
        var book = Streams;
        var replies = BotReplies;
        if (book is null && replies is null)
        {
            return;
        }

        if (MessageJson.Guid(message, "roomId") is not { } roomId || MessageJson.Int64(message, "id") is not { } id)
        {
            Interlocked.Increment(ref _unparsed);
            return;
        }

        if (MessageJson.SenderType(message) == "bot")
        {
            book?.RecordCompleted(member, roomId, id, MessageJson.String(message, "text") ?? "", MessageJson.String(message, "status"), at);
            replies?.RecordCompleted(member, roomId, message, at);
        }
    }
}
