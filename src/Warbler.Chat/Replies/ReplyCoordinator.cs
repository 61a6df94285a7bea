using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Events;
using Warbler.Chat.Messages;
using Warbler.Chat.Logging;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Replies;

/// <summary>
/// Decides which bots answer a message and has their replies written in the background, whether or
/// not anyone stays connected. Each bot answers one message at a time per room, in order; a reply
/// can be stopped, keeping what was written.
/// </summary>
public sealed class ReplyCoordinator(
    IServiceScopeFactory scopes, ChatEvents events, ClusterNotices notices, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ReplyCoordinator> logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid Room, Guid Bot), Task> _queues = [];
    private readonly ConcurrentDictionary<long, ReplyJob> _jobs = new();

    /// <summary>In a direct room its bot answers every message; in a group room, the bots whose @handle the message mentions.</summary>
    public static List<Bot> Responders(RoomKind kind, IReadOnlyList<Bot> roomBots, string text)
    {
        if (kind == RoomKind.Direct)
        {
            return [.. roomBots.OrderBy(b => b.Handle, StringComparer.OrdinalIgnoreCase)];
        }

        // In the order they are mentioned: "@a then @b" gets a's reply first, whatever order the database returns the bots in.
        return Mentions.In(text)
            .SelectMany(handle => roomBots.Where(b => string.Equals(b.Handle, handle, StringComparison.OrdinalIgnoreCase)))
            .Distinct()
            .ToList();
    }

    /// <summary>The bots of <paramref name="room"/> that answer a message saying <paramref name="text"/>.</summary>
    internal static async Task<List<Bot>> RespondersAsync(WarblerDbContext db, Room room, string text, CancellationToken cancellationToken)
    {
        var botIds = room.Bots.Select(b => b.BotId).ToList();
        if (botIds.Count == 0)
        {
            return [];
        }

        var roomBots = await db.Bots.AsNoTracking().Where(b => botIds.Contains(b.Id)).ToListAsync(cancellationToken);
        return Responders(room.Kind, roomBots, text);
    }

    /// <summary>An empty reply from each of <paramref name="responders"/> to the stored <paramref name="trigger"/>: streaming, with no text yet.</summary>
    internal static List<Message> NewReplies(IEnumerable<Bot> responders, Message trigger) =>
        responders.Select(bot => new Message
        {
            RoomId = trigger.RoomId,
            SenderBotId = bot.Id,
            ReplyToId = trigger.Id,
            Status = MessageStatus.Streaming,
            CreatedAt = trigger.CreatedAt,
            UpdatedAt = trigger.CreatedAt,
            Model = bot.Model,
        }).ToList();

    /// <summary>Announces stored replies (from <see cref="NewReplies"/>) to their room and starts writing them.</summary>
    internal void Start(IReadOnlyList<Message> replies, ParticipantNames names, Guid requestedBy)
    {
        foreach (var reply in replies)
        {
            events.Publish(new MessageCreated(names.Describe(reply)));
            Enqueue(new ReplyJob(reply.RoomId, reply.SenderBotId!.Value, reply.Id, reply.ReplyToId!.Value, requestedBy));
        }
    }

    /// <summary>Writes a stored reply again; its earlier text has been kept as a version by the caller.</summary>
    internal void Regenerate(Message reply, Guid requestedBy) =>
        Enqueue(new ReplyJob(reply.RoomId, reply.SenderBotId!.Value, reply.Id, reply.ReplyToId!.Value, requestedBy));

    public bool IsWriting(long replyId) => _jobs.ContainsKey(replyId);

    /// <summary>
    /// True while <paramref name="reply"/>, as read from the database, is still being written here.
    /// A reply already stored as ended is only being let go of by its writer: that is awaited, so
    /// whoever reads it as ended may act on it at once rather than being told it is still written.
    /// </summary>
    public async Task<bool> IsWritingAsync(Message reply, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(reply.Id, out var job))
        {
            return false;
        }

        if (reply.Status == MessageStatus.Streaming)
        {
            return true;
        }

        await job.Finished.Task.WaitAsync(cancellationToken);
        return false;
    }

    /// <summary>
    /// Stops a reply being written (or waiting its turn) and waits until what was written is stored.
    /// A reply written by another server is told to stop there, without waiting: its
    /// <c>messageCompleted</c> follows.
    /// </summary>
    /// <returns>False when this server is not writing the reply.</returns>
    public Task<bool> StopAsync(long replyId, CancellationToken cancellationToken)
    {
        if (!_jobs.ContainsKey(replyId))
        {
            notices.Publish(ReplyStopNotices.Topic, replyId);
        }

        return StopHereAsync(replyId, cancellationToken);
    }

    /// <summary>Stops a reply if this server is writing it.</summary>
    internal async Task<bool> StopHereAsync(long replyId, CancellationToken cancellationToken)
    {
        if (!_jobs.TryGetValue(replyId, out var job))
        {
            return false;
        }

        await job.Stop.CancelAsync();
        await job.Finished.Task.WaitAsync(cancellationToken);
        return true;
    }

    private void Enqueue(ReplyJob job)
    {
        _jobs[job.ReplyId] = job;
        lock (_lock)
        {
            var key = (job.RoomId, job.BotId);
            var previous = _queues.GetValueOrDefault(key) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, job);
            _queues[key] = next;
            _ = next.ContinueWith(
                finished =>
                {
                    lock (_lock)
                    {
                        if (_queues.TryGetValue(key, out var tail) && tail == finished)
                        {
                            _queues.Remove(key);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>
    /// A reply whose writing broke off (the database out of reach as it began, or a bug) is marked
    /// failed, so nobody waits for it: at once, or once the database is back. If the server stops
    /// first, it is marked failed when the server starts again (<see cref="UnfinishedReplies"/>).
    /// </summary>
    private async Task MarkFailedAsync(ReplyJob job, Exception cause)
    {
        var reason = StorageFailure.IsUnavailable(cause)
            ? "The database was unavailable while this reply was being written. Regenerate it to try again."
            : "This reply could not be written because of an error in the server. Regenerate it to try again.";
        try
        {
            await StorageRetry.WhileUnavailableAsync(
                async () =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
                    var marked = await db.Messages
                        .Where(m => m.Id == job.ReplyId && m.Status == MessageStatus.Streaming)
                        .ExecuteUpdateAsync(
                            set => set.SetProperty(m => m.Status, MessageStatus.Failed)
                                .SetProperty(m => m.Error, reason)
                                .SetProperty(m => m.UpdatedAt, time.GetUtcNow().UtcDateTime),
                            CancellationToken.None);
                    if (marked == 0 || await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == job.ReplyId, CancellationToken.None) is not { } reply)
                    {
                        return; // Stored as it ended after all, or deleted.
                    }

                    var names = await ParticipantNames.LoadAsync(db, [reply], CancellationToken.None);
                    ChatLog.ReplyMarkedFailed(logger, job.ReplyId, reason);
                    events.Publish(new MessageCompleted(names.Describe(reply)));
                },
                (failure, pause) => ChatLog.ReplyNotMarkedFailed(logger, job.ReplyId, failure.GetBaseException().Message, pause),
                time,
                lifetime.ApplicationStopping);
        }
        catch (Exception exception)
        {
            ChatLog.ReplyLeftUnfinished(logger, exception, job.ReplyId);
        }
    }

    private async Task RunAfterAsync(Task previous, ReplyJob job)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        try
        {
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(job.Stop.Token, lifetime.ApplicationStopping);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReplyWriter>().WriteAsync(job, stopping.Token);
        }
        catch (Exception exception)
        {
            ChatLog.ReplyCrashed(logger, exception, job.ReplyId);
            await MarkFailedAsync(job, exception);
        }
        finally
        {
            _jobs.TryRemove(job.ReplyId, out _);
            job.Finished.TrySetResult();
        }
    }
}
