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
                try
                {
                    Checkpoint();
                }
                catch (SqliteException exception)
                {
                    // A disk or file problem shows on the next write as well; the next tick tries again.
                    CheckpointFailed(logger, exception.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopAsync copies the log one last time.
        }
    }

    /// <summary>At a stop, after the services registered later (which write last) have stopped: the file then holds every commit.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (engine == DatabaseEngine.Sqlite)
        {
            try
            {
                Checkpoint();
            }
            catch (SqliteException)
            {
                // Best effort: the log is still applied when the database is next opened.
            }
        }
    }

    /// <summary>One passive checkpoint; returns the log's frames and how many of them are in the database file now.</summary>
    internal (long LogFrames, long Checkpointed) Checkpoint()
    {
        using var connection = new SqliteConnection(ExistingFileOnly(connectionString));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }

    /// <summary>A checkpoint never creates a database: one that is gone (deleted while stopping) stays gone.</summary>
    private static string ExistingFileOnly(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        return builder.ConnectionString;
    }

    [LoggerMessage(1, LogLevel.Warning, "Copying the SQLite write-ahead log into the database file failed ({Reason}); trying again in a second.")]
    private static partial void CheckpointFailed(ILogger logger, string reason);
}
