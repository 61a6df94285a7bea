using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Warbler.Data;

/// <summary>
/// Sets up each SQLite connection once, when it is first opened (the pool hands out the same
/// connection again, settings kept):
/// <list type="bullet">
/// <item><c>busy_timeout</c>: a writer that finds the write lock taken (by another process, or a
/// connection outside <see cref="SerialWrites"/>) waits in SQLite's own short sleeps, for up to the
/// connection string's <c>Default Timeout</c> (30 s unless set), instead of Microsoft.Data.Sqlite's
/// 150 ms steps.</item>
/// <item><c>synchronous = FULL</c> (in WAL mode, one fsync of the log per commit): a stored message
/// survives a power cut as well as a crash, for about 0.3 ms a commit. NORMAL would survive a crash
/// but not a power cut.</item>
/// <item><c>wal_autocheckpoint = 0</c>: no commit copies the log into the database file;
/// <see cref="SqliteCheckpointer"/> does, in the background.</item>
/// </list>
/// The database itself is put in WAL mode once, at start (<see cref="DatabaseMigrator"/>).
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    // Keyed by SQLite's own handle, which outlives each SqliteConnection opened on it.
    private readonly ConditionalWeakTable<object, object> _setUp = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite && NeedsSetUp(sqlite))
        {
            using var command = Command(sqlite);
            command.ExecuteNonQuery();
            _setUp.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite && NeedsSetUp(sqlite))
        {
            await using var command = Command(sqlite);
            await command.ExecuteNonQueryAsync(cancellationToken);
            _setUp.AddOrUpdate(sqlite.Handle!, this);
        }
    }

    /// <summary>The settings' SQL for a connection with this <c>Default Timeout</c> (seconds; 0 waits without end).</summary>
    private static string Pragmas(int defaultTimeoutSeconds) => string.Create(
        CultureInfo.InvariantCulture,
        $"PRAGMA busy_timeout = {(defaultTimeoutSeconds == 0 ? int.MaxValue : Math.Min(defaultTimeoutSeconds * 1000L, int.MaxValue))}; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;");

    private bool NeedsSetUp(SqliteConnection connection) =>
        connection.Handle is { } handle && !_setUp.TryGetValue(handle, out _);

    private static SqliteCommand Command(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection.DefaultTimeout);
        return command;
    }
}
