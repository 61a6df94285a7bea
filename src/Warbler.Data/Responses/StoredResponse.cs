namespace Warbler.Data.Responses;

/// <summary>
/// A <c>/v1/responses</c> answer kept for its key (<c>store</c>, true by default, as OpenAI's):
/// read back whole, its input items listed, and continued with <c>previous_response_id</c>, until
/// <see cref="ExpiresAt"/>. Requests and answers are kept as the JSON text they were, not as columns:
/// they are only ever given back whole.
/// </summary>
public sealed class StoredResponse
{
    /// <summary>The response's id, <c>resp_…</c>, as the client received it.</summary>
    public required string Id { get; set; }

    /// <summary>The gateway key that created it, and alone may read or delete it (<see cref="Guid.Empty"/> for the admin key).</summary>
    public Guid KeyId { get; set; }

    /// <summary>The model the client asked for.</summary>
    public required string Model { get; set; }

    /// <summary>The response's status as it was returned: <c>completed</c>, <c>incomplete</c>, <c>failed</c>…</summary>
    public required string Status { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the response is gone for every key, and the retention sweep deletes it.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>The response this one continued (<c>previous_response_id</c>), if any.</summary>
    public string? PreviousResponseId { get; set; }

    /// <summary>The request's input items: a JSON array (a string input is kept as one user message).</summary>
    public required string InputJson { get; set; }

    /// <summary>The request's <c>instructions</c> as JSON (a string, or an array of items); null when it had none.</summary>
    public string? InstructionsJson { get; set; }

    /// <summary>The response object exactly as it was returned to the client.</summary>
    public required string ResponseJson { get; set; }
}
