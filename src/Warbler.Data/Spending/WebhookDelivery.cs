namespace Warbler.Data.Spending;

/// <summary>
/// One webhook to deliver (an outbox row): written with the crossing it tells, in one transaction,
/// and claimed by one node at a time until it is accepted or its attempts run out.
/// </summary>
public sealed class WebhookDelivery
{
    /// <summary>The event id the body carries, which receivers use to drop a repeat.</summary>
    public Guid Id { get; set; }

    /// <summary>The JSON body, fixed when the row is written so every attempt sends the same bytes.</summary>
    public required string Body { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Until when the node that claimed the row owns it; after that, another node may claim it.</summary>
    public DateTime? ClaimedUntil { get; set; }

    public DateTime? DeliveredAt { get; set; }

    /// <summary>Set when the last attempt failed: the row is never tried again.</summary>
    public DateTime? FailedAt { get; set; }

    /// <summary>Why the last attempt failed: a status code or the kind of error, never the receiver's body.</summary>
    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }
}
