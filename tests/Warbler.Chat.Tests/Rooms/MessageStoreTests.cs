using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Warbler.Chat.Attachments;
using Warbler.Chat.Events;
using Warbler.Chat.Files;
using Warbler.Chat.Configuration;
using Warbler.Chat.Replies;
using Warbler.Chat.Rooms;
using Warbler.Data;
using Warbler.Data.Rooms;
using Warbler.Data.Users;
using Warbler.Cluster;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Rooms;

/// <summary>
/// The message store on a real test database, without a web host: what a send, an edit and a
/// recall store and announce to the room, on a clock the test moves.
/// </summary>
public sealed class MessageStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestDatabase _database = TestDatabase.CreateNew();
    private readonly Guid _ann = Guid.NewGuid();
    private readonly Guid _bob = Guid.NewGuid();
    private readonly Guid _room = Guid.NewGuid();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var settings = new Dictionary<string, string?>();
        _database.ApplyTo(settings);
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
        _services = builder.Services.BuildServiceProvider();

        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var now = _time.GetUtcNow().UtcDateTime;
        db.Users.AddRange(User(_ann, "Ann"), User(_bob, "Bob"));
        db.Rooms.Add(new Room
        {
            Id = _room,
            Kind = RoomKind.Group,
            Title = "Plans",
            OwnerId = _ann,
            CreatedAt = now,
            LastActivityAt = now,
            Members = [new RoomMember { UserId = _ann, JoinedAt = now }],
        });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _database.Release();
    }

    [Fact]
    public async Task SendAsync_ByAMember_StoresTheMessageMarksItReadAndTellsTheRoom()
    {
        using var room = _services.GetRequiredService<ChatEvents>().Subscribe(_room);

        var sent = await SendAsync(_ann, "Hello", "c1");

        Assert.NotNull(sent);
        Assert.True(sent.Created);
        Assert.Empty(sent.Replies);
        var announced = Assert.IsType<MessageCreated>(await room.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((sent.Message.Id, "Hello", "user", _ann, "Ann"), (announced.Message.Id, announced.Message.Text, announced.Message.Sender.Type, announced.Message.Sender.Id, announced.Message.Sender.Name));
        Assert.Equal(sent.Message.Id, await QueryAsync(db => db.RoomMembers.Where(m => m.UserId == _ann).Select(m => m.LastReadMessageId).SingleAsync()));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, await QueryAsync(db => db.Rooms.Select(r => r.LastActivityAt).SingleAsync()), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task SendAsync_RetriedWithTheSameClientMessageId_ReturnsTheFirstAndStoresNoOther()
    {
        var first = await SendAsync(_ann, "Hello", "c1");

        var retried = await SendAsync(_ann, "Hello again", "c1");

        Assert.False(retried!.Created);
        Assert.Equal((first!.Message.Id, "Hello"), (retried.Message.Id, retried.Message.Text));
        Assert.Equal(1, await QueryAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task SendAsync_BySomeoneNotInTheRoom_StoresNothing()
    {
        var sent = await SendAsync(_bob, "Let me in", "c1");

        Assert.Null(sent);
        Assert.Equal(0, await QueryAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task EditAsync_OwnMessage_KeepsTheEarlierTextAsAVersion()
    {
        var sent = await SendAsync(_ann, "Meet at 5", "c1");
        _time.Advance(TimeSpan.FromMinutes(1));

        var edited = await StoreAsync(store => store.EditAsync(_room, _ann, sent!.Message.Id, "Meet at 6", default));

        Assert.Equal((EditResult.Edited, "Meet at 6", 2), (edited.Result, edited.Message!.Text, edited.Message.Version));
        Assert.Equal("Meet at 5", Assert.Single(await QueryAsync(db => db.MessageVersions.Select(v => v.Text).ToListAsync())));
    }

    [Theory]
    [InlineData(119, RecallResult.Recalled, "")]
    [InlineData(121, RecallResult.TooLate, "Take it back")]
    public async Task RecallAsync_WithinOrAfterTheWindow_LeavesATombstoneOrRefuses(int secondsLater, RecallResult result, string text)
    {
        var sent = await SendAsync(_ann, "Take it back", "c1");
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        var recalled = await StoreAsync(store => store.RecallAsync(_room, _ann, sent!.Message.Id, default));

        Assert.Equal(result, recalled.Result);
        Assert.Equal(text, await QueryAsync(db => db.Messages.Select(m => m.Text).SingleAsync()));
    }

    [Fact]
    public async Task RecallAsync_SomeoneElsesMessage_IsNotTheirs()
    {
        var sent = await SendAsync(_ann, "Mine", "c1");
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            db.RoomMembers.Add(new RoomMember { RoomId = _room, UserId = _bob, JoinedAt = _time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }

        var recalled = await StoreAsync(store => store.RecallAsync(_room, _bob, sent!.Message.Id, default));

        Assert.Equal(RecallResult.NotYours, recalled.Result);
    }

    private static WarblerUser User(Guid id, string name) => new()
    {
        Id = id,
        UserName = name.ToLowerInvariant(),
        NormalizedUserName = name.ToUpperInvariant(),
        DisplayName = name,
        SecurityStamp = Guid.NewGuid().ToString(),
    };

    private Task<SentMessage?> SendAsync(Guid userId, string text, string clientMessageId) =>
        StoreAsync(store => store.SendAsync(_room, userId, text, clientMessageId, replyTo: null, default));

    /// <summary>Each call in a scope of its own, as each request has.</summary>
    private async Task<T> StoreAsync<T>(Func<MessageStore, Task<T>> call)
    {
        await using var scope = _services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<MessageStore>());
    }

    private async Task<T> QueryAsync<T>(Func<WarblerDbContext, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WarblerDbContext>());
    }
}
