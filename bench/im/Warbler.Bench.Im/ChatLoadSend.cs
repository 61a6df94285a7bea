namespace Warbler.Bench.Im;

/// <summary>One message of the chat load: when it was sent and acknowledged (Stopwatch timestamps), and how.</summary>
internal sealed class ChatLoadSend(int number, ChatMember sender, Guid room, string clientMessageId, string text)
{
    public int Number { get; } = number;

    public ChatMember Sender { get; } = sender;

    public Guid Room { get; } = room;

    public string ClientMessageId { get; } = clientMessageId;

    public string Text { get; } = text;

    public long SentAt { get; set; }

    /// <summary>0 until acknowledged.</summary>
    public long AckedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public bool Acked => AckedAt != 0;

    public double LatencyMs => Clock.Ms(SentAt, AckedAt);

    /// <summary>Whether it was waiting while the server was down (from the kill to the restart's first answer).</summary>
    public bool Overlaps(long from, long to) => Acked && SentAt <= to && AckedAt >= from;
}
