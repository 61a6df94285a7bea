using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Warbler.Chat.Users;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// Each engine has one initial migration, squashed from the migrations of earlier builds. A new
/// database is made by it; a database those earlier migrations made (<c>OldMigrations/*.sql</c>,
/// their script) starts on this build as it is, its history moved onto the initial migration; one
/// they left part of the way is refused with what to do. PostgreSQL tests need a PostgreSQL server
/// whatever engine the other tests run on.
/// </summary>
public sealed class SquashedMigrationTests
{
    private const string OldBotName = "Assistant from before";
    private const string OldMessage = "Written before the migrations were squashed";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public Task Start_OnANewSqliteDatabase_CreatesItWithTheInitialMigration() =>
        NewDatabaseAsync(SqliteTestDatabase.WithNewName());

    [PostgresFact]
    public Task Start_OnANewPostgresDatabase_CreatesItWithTheInitialMigration() =>
        NewDatabaseAsync(PostgresTestDatabase.WithNewName());

    [Fact]
    public Task Start_OnASqliteDatabaseOfTheOldMigrations_KeepsItsRowsAndMovesItsHistoryOnce() =>
        OldDatabaseAsync(SqliteTestDatabase.WithNewName());

    [PostgresFact]
    public Task Start_OnAPostgresDatabaseOfTheOldMigrations_KeepsItsRowsAndMovesItsHistoryOnce() =>
        OldDatabaseAsync(PostgresTestDatabase.WithNewName());

    [Fact]
    public async Task Start_OnADatabasePartWayThroughTheOldMigrations_StopsWithAMessageSayingWhatToDo()
    {
        var database = SqliteTestDatabase.WithNewName();
        var folder = Directory.CreateTempSubdirectory("warbler-start-").FullName;
        try
        {
            await CreateWithOldMigrationsAsync(database);
            await database.ExecuteAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261125221140_UsageBatches'""");
            var environment = new Dictionary<string, string> { ["WARBLER_ADMIN_KEY"] = GatewayHost.AdminKey };
            database.ApplyToEnvironment(environment);

            await using var server = ServerProcess.Start(folder, environment);

            Assert.Equal(1, await server.WaitForExitAsync(StartTimeout));
            Assert.Contains(
                "Warbler cannot start: the database was migrated by an earlier build only as far as 20261125154204_MessageUpdatedAt",
                server.Errors,
                StringComparison.Ordinal);
            Assert.Contains("Start a build from before the squash on it once", server.Errors, StringComparison.Ordinal);
            Assert.Equal(10, await HistoryCountAsync(database));
        }
        finally
        {
            database.Delete();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task NewDatabaseAsync(TestDatabase database)
    {
        try
        {
            await using (var host = await GatewayHost.StartAsync(database: database))
            {
                using var admin = host.CreateAdminClient();
                Assert.Contains("assistant", (await BotsAsync(admin)).Keys);
            }

            Assert.Equal(Migrations(database), await HistoryAsync(database));
        }
        finally
        {
            database.Delete();
        }
    }

    private static async Task OldDatabaseAsync(TestDatabase database)
    {
        try
        {
            await CreateWithOldMigrationsAsync(database);
            await AddRowsAsync(database);
            var logs = new LogCapture();

            // Two nodes at once: one moves the history, the other finds it moved.
            var starts = Enumerable.Range(0, 2).Select(_ => Task.Run(() => GatewayHost.StartAsync(database: database, logger: logs))).ToList();
            await using var first = await starts[0];
            await using var second = await starts[1];

            foreach (var host in (GatewayHost[])[first, second])
            {
                using var admin = host.CreateAdminClient();
                Assert.Equal(OldBotName, (await BotsAsync(admin))["assistant"]);
            }

            Assert.Equal([OldMessage], await database.QueryAsync("""SELECT "Text" FROM messages""", reader => reader.GetString(0)));
            Assert.Equal(Migrations(database), await HistoryAsync(database));
            Assert.Single(logs.Lines, line => line.Contains("Moved the database's migration history", StringComparison.Ordinal));
        }
        finally
        {
            database.Delete();
        }
    }

    /// <summary>A database made by the old migrations' script, rows and all.</summary>
    private static async Task CreateWithOldMigrationsAsync(TestDatabase database)
    {
        var engine = database is PostgresTestDatabase ? "postgres" : "sqlite";
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Storage", "OldMigrations", $"{engine}.sql"));
        if (database is PostgresTestDatabase)
        {
            var server = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database.Name)!);
        }

        await database.ExecuteAsync(script);
        Assert.Equal(database is PostgresTestDatabase ? 2 : 11, await HistoryCountAsync(database));
    }

    /// <summary>
    /// What an installation that has run holds (its roles and default bot, a room with a message),
    /// written through the model onto the old tables, which it matches.
    /// </summary>
    private static async Task AddRowsAsync(TestDatabase database)
    {
        await using var db = Context(database);
        var now = DateTime.UtcNow;
        foreach (var role in ChatRoles.All)
        {
            db.Roles.Add(new IdentityRole<Guid>(role) { Id = Guid.NewGuid(), NormalizedName = role.ToUpperInvariant() });
        }

        var room = new Room { Id = Guid.NewGuid(), Kind = RoomKind.Group, Title = "Old", OwnerId = Guid.NewGuid(), CreatedAt = now, LastActivityAt = now };
        db.Bots.Add(new Bot { Id = Guid.NewGuid(), Name = OldBotName, Handle = "assistant", Model = "fake-model", CreatedAt = now, UpdatedAt = now });
        db.Rooms.Add(room);
        db.Messages.Add(new Message { RoomId = room.Id, SenderUserId = room.OwnerId, Text = OldMessage, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
        database.ReleaseConnections();
    }

    /// <summary>The bots the admin API lists: their names by handle.</summary>
    private static async Task<Dictionary<string, string>> BotsAsync(HttpClient admin)
    {
        var bots = await admin.GetFromJsonAsync<JsonElement>("/api/bots");
        return bots.EnumerateArray().ToDictionary(bot => bot.GetProperty("handle").GetString()!, bot => bot.GetProperty("name").GetString()!);
    }

    private static Task<List<string>> HistoryAsync(TestDatabase database) =>
        database.QueryAsync("""SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" """, reader => reader.GetString(0));

    private static async Task<int> HistoryCountAsync(TestDatabase database) => (await HistoryAsync(database)).Count;

    /// <summary>Every migration this build holds for the database's engine.</summary>
    private static List<string> Migrations(TestDatabase database)
    {
        using var db = Context(database);
        return [.. db.Database.GetMigrations()];
    }

    private static WarblerDbContext Context(TestDatabase database) => database switch
    {
        PostgresTestDatabase => new PostgresWarblerDbContext(
            new DbContextOptionsBuilder<PostgresWarblerDbContext>().UseNpgsql(database.ConnectionString).Options),
        _ => new SqliteWarblerDbContext(
            new DbContextOptionsBuilder<SqliteWarblerDbContext>().UseSqlite(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString).Options),
    };
}
