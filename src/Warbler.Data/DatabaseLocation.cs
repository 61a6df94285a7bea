using Microsoft.Data.Sqlite;
using Npgsql;

namespace Warbler.Data;

/// <summary>Where the database is, in words for an operator's log: never a password.</summary>
internal static class DatabaseLocation
{
    public static string Describe(DatabaseEngine engine, string connectionString)
    {
        try
        {
            if (engine == DatabaseEngine.Postgres)
            {
                var postgres = new NpgsqlConnectionStringBuilder(connectionString);
                return $"the PostgreSQL database '{postgres.Database}' on {postgres.Host}";
            }

            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            return string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal)
                ? $"the SQLite database '{dataSource}'"
                : $"the SQLite file {Path.GetFullPath(dataSource)}";
        }
        catch (ArgumentException)
        {
            return $"the {engine} database";
        }
    }
}
