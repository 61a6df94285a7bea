namespace Warbler.Data.Usage;

/// <summary>
/// A batch of usage records as stored, in the same transaction as its records: a batch written
/// again because its commit went unheard (the connection dropped after the database committed)
/// finds its id here and is not stored twice. One row a batch, not an index entry a record, keeps
/// the writer's cost per request where it was. Old rows are pruned; a retry needs only recent ones.
/// </summary>
public sealed class UsageBatch
{
    public Guid Id { get; set; }

    public DateTime WrittenAt { get; set; }
}
