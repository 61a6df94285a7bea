using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Warbler.Data;

/// <summary>
/// SQLite lets one transaction write at a time, and a writer that finds the lock taken sleeps on
/// its thread until it is free. This server's writers on a hot path (message sends, bot replies,
/// usage batches) take turns here instead: they wait without a thread, first come first served,
/// and the lock is free when their turn comes. On PostgreSQL, which writes concurrently, a turn is
/// free at once.
/// </summary>
public static class WriteTurns
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Queues = new(StringComparer.Ordinal);

    /// <summary>Waits for this database's write turn; dispose the turn to pass it on.</summary>
    public static async ValueTask<WriteTurn> TakeAsync(WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return WriteTurn.Free;
        }

        var queue = Queues.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync(cancellationToken);
        return new WriteTurn(queue);
    }
}
