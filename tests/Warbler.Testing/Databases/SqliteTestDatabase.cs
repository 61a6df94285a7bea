using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Warbler.Data;

namespace Warbler.Testing;

/// <summary>
/// A SQLite file in the temporary folder. Migrating a new file costs more than many tests, so each
/// test process migrates one template file and copies it; Warbler then finds nothing to migrate.
/// </summary>
public sealed class SqliteTestDatabase(string path) : TestDatabase(path)
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "warbler-tests");

    private static readonly Lazy<string> Template = new(CreateMigratedTemplate);

    /// <summary>A file name of its own in the temporary folder; no file yet.</summary>
    public static SqliteTestDatabase WithNewName() => new(Path.Combine(Folder, $"{Guid.NewGuid():N}.db"));

    /// <summary>A new file, migrated and empty.</summary>
    public static SqliteTestDatabase CopyOfMigrated()
    {
        var database = WithNewName();
        File.Copy(Template.Value, database.Name);
        return database;
    }

    public override string Provider => "Sqlite";

    public override string ConnectionString => $"Data Source={Name}";

    public override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    /// <summary>The file and its write-ahead log, as raw bytes.</summary>
    public override Task AssertNotStoredAsync(string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        Assert.True(File.Exists(Name), $"{Name} does not exist.");
        foreach (var path in (string[])[Name, Name + "-wal"])
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                file.CopyTo(copy);
                Assert.Equal(-1, copy.ToArray().AsSpan().IndexOf(secretBytes));
            }
        }

        return Task.CompletedTask;
    }

    public override void ReleaseConnections() => SqliteConnection.ClearAllPools();

    public override bool Exists() => File.Exists(Name);

    private static string CreateMigratedTemplate()
    {
        var template = WithNewName();
        Directory.CreateDirectory(Folder);

        // No pooling: closing the connection writes everything into the file itself (no -wal left to copy).
        var options = new DbContextOptionsBuilder<SqliteWarblerDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder(template.ConnectionString) { Pooling = false }.ConnectionString)
            .Options;
        using (var db = new SqliteWarblerDbContext(options))
        {
            db.Database.Migrate();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.Delete();
        return template.Name;
    }

    public override void Delete()
    {
        ReleaseConnections();
        foreach (var suffix in (string[])["", "-wal", "-shm"])
        {
            File.Delete(Name + suffix);
        }

        // The usage journal Warbler keeps beside the file.
        if (Directory.Exists(Name + "-usage"))
        {
            Directory.Delete(Name + "-usage", recursive: true);
        }
    }
}
