using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Warbler.Data;

/// <summary>
/// Copies the SQLite write-ahead log into the database file in the background, every
/// <see cref="Interval"/>. SQLite would otherwise do it inside the commit that fills the log past
/// 1,000 pages: that commit, and every write queued behind it on the one writer
/// (<see cref="SerialWrites"/>), would wait for the copy and its fsync. The connections turn that
/// off (<see cref="SqliteConnectionSetup"/>). A passive checkpoint blocks neither readers nor the
/// writer; the next commit after a complete one starts the log again from its beginning.
/// </summary>
internal sealed partial class SqliteCheckpointer(DatabaseEngine engine, string connectionString, TimeProvider time, ILogger<SqliteCheckpointer> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine != DatabaseEngine.Sqlite)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Checkpoint();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: SQLite checkpoints the log itself when the last connection closes.
        }
    }

    /// <summary>One passive checkpoint; returns the log's frames and how many of them are in the database file now.</summary>
    internal (long LogFrames, long Checkpointed) Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
        }
        catch (SqliteException exception)
        {
            // A disk or file problem shows on the next write as well; the next tick tries again.
            CheckpointFailed(logger, exception.Message);
            return (0, 0);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Copying the SQLite write-ahead log into the database file failed ({Reason}); trying again in a second.")]
    private static partial void CheckpointFailed(ILogger logger, string reason);
}
