using Warbler.Data.Responses;

namespace Warbler.Gateway.Responses.Storage;

/// <summary>
/// Responses kept for the key that made them. Every read is by (id, key): another key's response,
/// an expired or a deleted one is simply not found, so callers answer 404 without telling them apart.
/// </summary>
internal interface IResponseStore
{
    /// <summary>
    /// Keeps <paramref name="response"/> (its <see cref="StoredResponse.ExpiresAt"/> is set from
    /// <c>Responses:Retention</c>). It is findable by every later call on this server as soon as this
    /// method returns, before its task completes; the database write happens in the background. On a
    /// server sharing its database with others (Redis configured) the task completes once it is
    /// written, so a caller that awaits it before its answer's last bytes makes it findable by the
    /// client's next request on any server. Call it just before the answer's end goes out.
    /// </summary>
    Task SaveAsync(StoredResponse response, CancellationToken cancellationToken);

    /// <summary>The response, or null when it is missing, expired, deleted, or owned by another key.</summary>
    Task<StoredResponse?> FindAsync(string id, Guid keyId, CancellationToken cancellationToken);

    /// <summary>Deletes the response; false when <see cref="FindAsync"/> would not have found it.</summary>
    Task<bool> DeleteAsync(string id, Guid keyId, CancellationToken cancellationToken);

    /// <summary>
    /// The conversation that <c>previous_response_id</c> = <paramref name="previousResponseId"/>
    /// continues: every earlier response's input items then output items, oldest first, followed back
    /// at most <c>Responses:MaxConversationDepth</c> responses (further back, or past one that is gone,
    /// it is cut). Null when <paramref name="previousResponseId"/> itself is not found for the key.
    /// </summary>
    Task<ResponseConversation?> CollectConversationAsync(string previousResponseId, Guid keyId, CancellationToken cancellationToken);
}
