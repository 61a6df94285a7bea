using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Warbler.Chat.Attachments;
using Warbler.Chat.Configuration;
using Warbler.Chat.Events;
using Warbler.Chat.Files;
using Warbler.Chat.Replies;
using Warbler.Chat.Rooms;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Rooms;
using Warbler.Data.Users;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// How sends meet SQLite's one write lock: the connections the server opens wait for a lock held
/// elsewhere instead of failing or backing off in long steps, the database is in WAL mode with
/// synchronous FULL, the log is copied into the file in the background rather than by a commit,
/// and sends at once to one room are all stored, in the order of their ids.
/// </summary>
public sealed class SqliteWritesTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    // SQLite whatever engine the run is for: these are its settings and its one write lock.
    private readonly TestDatabase _database = SqliteTestDatabase.CopyOfMigrated();
    private readonly Guid _room = Guid.NewGuid();
    private readonly List<Guid> _members = [.. Enumerable.Range(0, 8).Select(_ => Guid.NewGuid())];
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = Services(_database.ConnectionString);
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var now = _time.GetUtcNow().UtcDateTime;
        db.Users.AddRange(_members.Select((id, i) => new WarblerUser { Id = id, UserName = $"user{i}", Email = $"user{i}@example.com", DisplayName = $"User {i}", SecurityStamp = Guid.NewGuid().ToString() }));
        db.Rooms.Add(new Room
        {
            Id = _room,
            Kind = RoomKind.Group,
            Title = "Busy",
            OwnerId = _members[0],
            CreatedAt = now,
            LastActivityAt = now,
            Members = [.. _members.Select(id => new RoomMember { UserId = id, JoinedAt = now })],
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Release();
    }

    [Fact]
    public async Task Connection_OpenedByTheServer_WaitsUpToDefaultTimeoutForTheLockAndSyncsEachCommit()
    {
        await using var shortWait = Services(_database.ConnectionString + ";Default Timeout=2");

        var (busyTimeout, synchronous, autoCheckpoint) = await PragmasAsync(_services);
        var (shortBusyTimeout, _, _) = await PragmasAsync(shortWait);

        Assert.Equal(30_000, busyTimeout);
        Assert.Equal(2_000, shortBusyTimeout);
        Assert.Equal(2, synchronous); // FULL
        Assert.Equal(0, autoCheckpoint);
    }

    [Fact]
    public async Task Commits_FillingTheLogPastAThousandPages_DoNotCopyItIntoTheFile_TheCheckpointerDoesWithinASecond()
    {
        // Held open throughout: SQLite also copies the log when a database's last connection closes.
        await using var held = _database.CreateConnection();
        await held.OpenAsync();
        foreach (var started in _services.GetServices<IHostedService>())
        {
            await started.StartAsync(CancellationToken.None);
        }

        var fileBefore = new FileInfo(_database.Name).Length;
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE filler (x BLOB);");
            for (var i = 0; i < 12; i++)
            {
                // About 1 MB a commit, 3,000 pages in all, three times what would have set off a checkpoint.
                await db.Database.ExecuteSqlRawAsync("INSERT INTO filler SELECT randomblob(100000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10);");
            }
        }

        Assert.Equal(fileBefore, new FileInfo(_database.Name).Length);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(
            () => new FileInfo(_database.Name).Length >= fileBefore + 11_000_000,
            because: "the checkpointer to copy the log into the database file");
        var stored = await _database.QueryAsync("SELECT count(*) FROM filler;", r => r.GetInt64(0));
        Assert.Equal(120, Assert.Single(stored));
    }

    [Fact]
    public async Task Migrator_OnAFileInRollbackJournalMode_PutsItInWalMode()
    {
        await _database.ExecuteAsync("PRAGMA journal_mode = DELETE;");
        _database.ReleaseConnections();

        foreach (var started in _services.GetServices<IHostedService>())
        {
            await started.StartAsync(CancellationToken.None);
        }

        var modes = await _database.QueryAsync("PRAGMA journal_mode;", r => r.GetString(0));
        Assert.Equal("wal", Assert.Single(modes));
    }

    [Fact]
    public async Task SendToRoomAsync_ManySendsToOneRoomAtOnce_AllStoredWithoutABusyErrorAndReadInIdOrder()
    {
        var sends = _members.Select((member, i) => SendAsync(member, $"At once {i}", $"c{i}"));

        var outcomes = await Task.WhenAll(sends);

        Assert.All(outcomes, o => Assert.Equal(SendResult.Sent, o.Result));
        var ids = outcomes.Select(o => o.Sent!.Message.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        await using var scope = _services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<WarblerDbContext>().Messages
            .Where(m => m.RoomId == _room).OrderBy(m => m.Id).Select(m => new { m.Id, m.ClientMessageId }).ToListAsync();
        Assert.Equal(ids.Order(), stored.Select(m => m.Id));
        Assert.Equal(outcomes.OrderBy(o => o.Sent!.Message.Id).Select(o => o.Sent!.Message.ClientMessageId), stored.Select(m => m.ClientMessageId));
    }

    [Fact]
    public async Task SendToRoomAsync_WhileAnotherConnectionHoldsTheWriteLock_WaitsForItAndIsStored()
    {
        await using var locker = _database.CreateConnection();
        await locker.OpenAsync();
        await ExecuteAsync(locker, "BEGIN IMMEDIATE;");

        var send = SendAsync(_members[0], "Sent while another holds the lock", "locked");
        var finishedWhileLocked = await Task.WhenAny(send, Task.Delay(TimeSpan.FromMilliseconds(300))) == send;
        await ExecuteAsync(locker, "COMMIT;");
        var outcome = await send.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(finishedWhileLocked, "The send finished while another connection held the write lock.");
        Assert.Equal(SendResult.Sent, outcome.Result);
        Assert.True(outcome.Sent!.Created);
        var stored = await _database.QueryAsync("SELECT \"ClientMessageId\" FROM messages;", r => r.GetString(0));
        Assert.Equal(["locked"], stored);
    }

    [Fact]
    public async Task SerialWrites_QueuedAllAtOnceAndOneByOne_EachRunsAloneAndNoneIsLeftWaiting()
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var running = 0;
        var overlapped = 0;
        var ran = 0;
        Task Write() => SerialWrites.RunAsync(db, () =>
        {
            overlapped += Interlocked.Increment(ref running) > 1 ? 1 : 0;
            Thread.SpinWait(200);
            Interlocked.Decrement(ref running);
            Interlocked.Increment(ref ran);
            return Task.CompletedTask;
        });

        // A burst from many threads, then writes that each find the writer idle, waiting for work.
        await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(Write))).WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 50; i++)
        {
            await Write().WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Yield();
        }

        Assert.Equal(350, ran);
        Assert.Equal(0, overlapped);
    }

    private async Task<SendOutcome> SendAsync(Guid member, string text, string clientMessageId)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MessageStore>().SendToRoomAsync(_room, member, text, clientMessageId, null, CancellationToken.None);
    }

    private static async Task<(long BusyTimeout, long Synchronous, long AutoCheckpoint)> PragmasAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        return (await ScalarAsync(connection, "PRAGMA busy_timeout;"), await ScalarAsync(connection, "PRAGMA synchronous;"), await ScalarAsync(connection, "PRAGMA wal_autocheckpoint;"));
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private ServiceProvider Services(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var settings = new Dictionary<string, string?>();
        _database.ApplyTo(settings);
        settings["ConnectionStrings:Warbler"] = connectionString;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWarblerDatabase();
        builder.Services.AddOptions<ChatOptions>();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddSingleton<ChatEvents>();
        builder.Services.AddSingleton(ClusterNotices.None);
        builder.Services.AddSingleton<ReplyCoordinator>();
        builder.Services.AddScoped<MessageStore>();
        builder.Services.AddSingleton<Warbler.Gateway.Limits.SpendingLimitsDirectory>();
        builder.Services.AddWarblerFiles(builder.Configuration);
        builder.Services.AddScoped<AttachmentRemoval>();
        return builder.Services.BuildServiceProvider();
    }
}
