using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Warbler.Data;

/// <summary>
/// Tells a database that is busy, locked or out of reach (which passes, so a client should retry)
/// from a bug. Such failures are answered with 503 and <c>Retry-After</c>, never 500.
/// </summary>
public static class StorageFailure
{
    /// <summary>How long a client is asked to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    // SQLite's primary result codes for a database that cannot be used right now.
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteReadOnly = 8, SqliteIoError = 10, SqliteFull = 13, SqliteCantOpen = 14;

    public static bool IsUnavailable(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen:
                case DbException { IsTransient: true }:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
