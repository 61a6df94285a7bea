using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Knowledge;
using Warbler.Chat.Logging;
using Warbler.Chat.Messages;
using Warbler.Chat.Replies;
using Warbler.Chat.Tools;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;
using Warbler.Gateway.Usage;

namespace Warbler.Chat.Rooms;

/// <summary>
/// Before the server takes requests, runs once what a send and a bot reply run: the send's read,
/// and its writes in a transaction that is rolled back; a reply's reads (its bot, its context, the
/// bot's knowledge and tools) and its save; and the query of a hub connection's rooms, which every
/// client runs at once when it connects again after a restart. The queries are
/// compiled, the code is compiled and the connections are open before the first person sends, so
/// the first seconds after a start (an upgrade, a crash) are not the slowest. Best effort: a
/// failure is logged and the server starts all the same.
/// </summary>
internal sealed class SendPathWarmUp(IServiceScopeFactory scopes, TimeProvider time, ILogger<SendPathWarmUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<MessageStore>();

            // No room has the empty id: both shapes of the send's read run, and nothing is sent.
            await store.SendToRoomAsync(Guid.Empty, Guid.Empty, "", "", null, cancellationToken);
            await store.SendToRoomAsync(Guid.Empty, Guid.Empty, "", "", 0, cancellationToken);

            var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
            await db.Rooms.Include(r => r.Bots).SingleOrDefaultAsync(r => r.Id == Guid.Empty, cancellationToken);

            // A hub connection's rooms, as ChatHub.OnConnectedAsync asks for them.
            var nobody = Guid.Empty;
            await db.RoomMembers.AsNoTracking().Where(m => m.UserId == nobody).Select(m => m.RoomId).ToListAsync(cancellationToken);

            // A reply whose message is gone reads its message, room and bot, and stops there.
            await scope.ServiceProvider.GetRequiredService<ReplyWriter>().WriteAsync(new ReplyJob(Guid.Empty, Guid.Empty, 0, 0, Guid.Empty), cancellationToken);

            await SerialWrites.RunAsync(db, () => WritesRolledBackAsync(scope.ServiceProvider, db, cancellationToken));
            ChatLog.SendPathWarmedUp(logger, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ChatLog.SendPathNotWarmedUp(logger, exception);
        }
    }

    /// <summary>
    /// A send's statements (<see cref="RoomOrderedSave"/>, <see cref="MessageStore"/>), a reply's reads
    /// (<see cref="ReplyWriter"/>) and its save, on a room of its own that is never committed.
    /// </summary>
    private async Task WritesRolledBackAsync(IServiceProvider services, WarblerDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var room = new Room { Id = Guid.CreateVersion7(), Kind = RoomKind.Group, Title = "warm-up", OwnerId = Guid.Empty, CreatedAt = now, LastActivityAt = now };
            db.Rooms.Add(room);
            await db.SaveChangesAsync(cancellationToken);
            await db.Rooms.Where(r => r.Id == room.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.LastActivityAt, now), cancellationToken);
            var message = new Message { RoomId = room.Id, SenderUserId = Guid.Empty, Text = "", ClientMessageId = "warm-up", Status = MessageStatus.Complete, CreatedAt = now, UpdatedAt = now };
            db.Messages.Add(message);
            await db.SaveChangesAsync(cancellationToken);
            await db.RoomMembers
                .Where(m => m.RoomId == room.Id && m.UserId == Guid.Empty && (m.LastReadMessageId == null || m.LastReadMessageId < message.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.LastReadMessageId, message.Id), cancellationToken);
            await ReplyReadsAsync(services, db, room, message, cancellationToken);
            message.Text = "warm-up";
            message.Model = "warm-up";
            message.PromptTokens = message.CompletionTokens = 0;
            message.UpdatedAt = room.LastActivityAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await ParticipantNames.LoadAsync(db, [message], cancellationToken);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// A reply's reads for a bot of no one, answering <paramref name="message"/>: no knowledge, no
    /// tools, and a context of that message. Its tokens are counted with a vocabulary already loaded
    /// (<see cref="TokenizerWarmUp"/>), none if none is: a vocabulary costs tens of megabytes.
    /// </summary>
    private static async Task ReplyReadsAsync(IServiceProvider services, WarblerDbContext db, Room room, Message message, CancellationToken cancellationToken)
    {
        var bot = new Bot { Id = Guid.Empty, Name = "warm-up", Handle = "warm-up", Model = "" };
        await services.GetRequiredService<KnowledgeRetriever>().RetrieveAsync(db, bot, message, Guid.Empty, message.Id, cancellationToken);
        await services.GetRequiredService<ReplyTools>().OpenAsync(db, bot.Id, room.Id, message.Id, message.Version, cancellationToken);
        var loaded = services.GetRequiredService<TokenCounter>().LoadedEncodings;
        if (loaded.Count > 0)
        {
            bot.Model = loaded[0] == "o200k_base" ? "gpt-4o" : "gpt-4";
            await services.GetRequiredService<ContextBuilder>().BuildAsync(db, room, bot, null, message.Id, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
