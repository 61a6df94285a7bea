using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Warbler.Testing;

/// <summary>A SQLite file in the temporary folder.</summary>
public sealed class SqliteTestDatabase(string path) : TestDatabase(path)
{
    internal static SqliteTestDatabase WithNewName() => new(Path.Combine(Path.GetTempPath(), "warbler-tests", $"{Guid.NewGuid():N}.db"));

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

    public override void Delete()
    {
        ReleaseConnections();
        foreach (var suffix in (string[])["", "-wal", "-shm"])
        {
            File.Delete(Name + suffix);
        }
    }
}
