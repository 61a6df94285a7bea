using Microsoft.Data.Sqlite;
using Warbler.Data;

namespace Warbler.Chat.Files;

/// <summary>Where the local store keeps files: <c>Chat:Files:LocalPath</c>, else beside the SQLite file, else <c>data/files</c>.</summary>
internal static class FilesLocation
{
    public static string LocalRoot(FilesOptions files, DatabaseOptions database, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(files.LocalPath))
        {
            return Path.GetFullPath(files.LocalPath);
        }

        var fallback = Path.GetFullPath(Path.Combine("data", "files"));
        if (database.Engine == DatabaseEngine.Postgres)
        {
            return fallback;
        }

        var connectionString = configuration.GetConnectionString("Warbler") ?? DatabaseOptions.DefaultSqliteConnectionString;
        string? dataSource;
        try
        {
            dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        }
        catch (ArgumentException)
        {
            return fallback;
        }

        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return fallback;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        return string.IsNullOrEmpty(folder) ? fallback : Path.Combine(folder, "files");
    }
}
