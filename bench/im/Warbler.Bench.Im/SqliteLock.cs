using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warbler.Bench.Im;

/// <summary>
/// <c>lock-sqlite PATH SECONDS</c>: holds a SQLite database's write lock (<c>BEGIN EXCLUSIVE</c>)
/// for a while, as a backup or another program would, then lets it go with nothing changed. The
/// soak's database fault; the sqlite3 shell is not on every machine.
/// </summary>
internal static class SqliteLock
{
    public const string Command = "lock-sqlite";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            await Console.Error.WriteLineAsync($"usage: Warbler.Bench.Im {Command} DATABASE-FILE SECONDS");
            return 2;
        }

        // No pooling: the connection, and with it any lock, ends when this program does.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = args[1], Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 60 }.ToString());
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE;";
            await begin.ExecuteNonQueryAsync();
        }

        Progress.Say($"holding {args[1]}'s write lock for {seconds} s");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        await using var rollback = connection.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        await rollback.ExecuteNonQueryAsync();
        return 0;
    }
}
