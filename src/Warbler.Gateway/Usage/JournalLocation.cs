using Microsoft.Data.Sqlite;
using Npgsql;
using Warbler.Data;

namespace Warbler.Gateway.Usage;

/// <summary>Where the usage journal lives: <c>Usage:JournalPath</c>, else beside the SQLite file, else under <c>data/usage-journal</c> for a PostgreSQL database.</summary>
internal static class JournalLocation
{
    /// <summary>The journal's folder; null when there is none (turned off, or a database in memory).</summary>
    public static string? Of(UsageOptions usage, DatabaseOptions database, IConfiguration configuration)
    {
        if (!usage.Enabled || !usage.Journal)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(usage.JournalPath))
        {
            return Path.GetFullPath(usage.JournalPath);
        }

        var connectionString = configuration.GetConnectionString("Warbler") ?? DatabaseOptions.DefaultSqliteConnectionString;
        if (database.Engine == DatabaseEngine.Postgres)
        {
            // One folder per database, so servers of different databases on one machine never replay each other's records.
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            var name = $"{postgres.Host}-{postgres.Port}-{postgres.Database ?? postgres.Username}";
            var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
            return Path.GetFullPath(Path.Combine("data", "usage-journal", safe));
        }

        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal)
            ? null
            : Path.GetFullPath(dataSource) + "-usage";
    }
}
