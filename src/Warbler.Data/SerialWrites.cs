using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace Warbler.Data;

/// <summary>
/// SQLite lets one transaction write at a time; a writer that finds the lock taken sleeps and
/// tries again. This server's writes on the hot paths (message sends, bot replies, read marks,
/// usage batches) are run one after the other on one thread per database instead
/// (<see cref="SqliteWriter"/>): none of them meets the lock taken, and none waits for a thread to
/// be handed the turn, so a write holds the lock only as long as its own statements take. On
/// PostgreSQL, which writes concurrently, a write runs at once.
/// </summary>
public static class SerialWrites
{
    private static readonly ConcurrentDictionary<string, SqliteWriter> Writers = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs <paramref name="write"/>, which uses <paramref name="db"/> only for writing (read
    /// what is needed first): on SQLite in this database's turn, and synchronously on its writer's
    /// thread (Microsoft.Data.Sqlite's async methods are synchronous).
    /// </summary>
    public static Task<T> RunAsync<T>(WarblerDbContext db, Func<Task<T>> write) =>
        db.Database.IsSqlite()
            ? Writers.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SqliteWriter()).RunAsync(write)
            : write();

    /// <inheritdoc cref="RunAsync{T}"/>
    public static Task RunAsync(WarblerDbContext db, Func<Task> write) =>
        RunAsync(db, async () =>
        {
            await write();
            return true;
        });
}
