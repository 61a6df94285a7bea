using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Events;
using Warbler.Chat.Replies;
using Warbler.Chat.Rooms;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Messages;

/// <summary>
/// Stores messages and sets bots answering them. A message is acknowledged only once stored, and
/// a retried send (the same client message id) finds the message stored the first time.
/// </summary>
public sealed class MessageStore(WarblerDbContext db, ReplyCoordinator replies, ChatEvents events, TimeProvider time, IOptions<ChatOptions> options)
{
    /// <returns>The stored message and the replies it set going; null when the caller is not in the room.</returns>
    public async Task<SentMessage?> SendAsync(Guid roomId, Guid userId, string text, string clientMessageId, long? replyTo, CancellationToken cancellationToken)
    {
        var room = await RoomAccess.FindAsync(db, roomId, userId, cancellationToken, tracked: true);
        if (room is null)
        {
            return null;
        }

        if (await FindSentAsync(roomId, userId, clientMessageId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        // Looked up before anything is stored, so that nothing but storing is left once it is.
        var responders = await ReplyCoordinator.RespondersAsync(db, room, text, cancellationToken);
        var names = await ParticipantNames.LoadAsync(db, [userId], responders.Select(b => b.Id).ToList(), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var message = new Message
        {
            RoomId = roomId,
            SenderUserId = userId,
            Text = text,
            ClientMessageId = clientMessageId,
            ReplyToId = replyTo,
            Status = MessageStatus.Complete,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Messages.Add(message);
        room.LastActivityAt = now;
        List<Message> newReplies = [];
        try
        {
            // The message, its bots' replies and the sender's read position are stored together or
            // not at all: a send refused for a database failure has changed nothing, and its retry
            // (the same client message id) does it all, rather than finding a message that no bot
            // will ever answer.
            await RoomOrderedSave.SaveChangesAsync(db, roomId, async () =>
            {
                newReplies = ReplyCoordinator.NewReplies(responders, message);
                db.Messages.AddRange(newReplies);
                await db.SaveChangesAsync(CancellationToken.None);

                // Whoever writes has read everything up to their own message (forward only, as with MarkRead).
                await db.RoomMembers
                    .Where(m => m.RoomId == roomId && m.UserId == userId && (m.LastReadMessageId == null || m.LastReadMessageId < message.Id))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.LastReadMessageId, message.Id), CancellationToken.None);
            });
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same message sent twice at once: the database kept the first, with its replies.
            db.ChangeTracker.Clear();
            return await FindSentAsync(roomId, userId, clientMessageId, CancellationToken.None) ?? throw new InvalidOperationException("A message could not be stored.");
        }

        // Stored: what is left happens in memory, so it cannot fail for the database.
        events.Publish(new MessageCreated(names.Describe(message)));
        replies.Start(newReplies, names, userId);
        return new SentMessage(message, Created: true, newReplies);
    }

    public Task<bool> ReplyToExistsAsync(Guid roomId, long messageId, CancellationToken cancellationToken) =>
        db.Messages.AnyAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken);

    /// <summary>Edits a user's own message, keeping the earlier text; if it is the room's newest message from a person, the bot replies to it are written again.</summary>
    public async Task<EditOutcome> EditAsync(Guid roomId, Guid userId, long messageId, string text, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, userId, cancellationToken))
        {
            return new EditOutcome(EditResult.RoomNotFound, null, []);
        }

        var message = await db.Messages.SingleOrDefaultAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken);
        if (message is null)
        {
            return new EditOutcome(EditResult.MessageNotFound, null, []);
        }

        if (message.SenderUserId != userId)
        {
            return new EditOutcome(EditResult.NotYours, message, []);
        }

        if (message.Status == MessageStatus.Recalled)
        {
            return new EditOutcome(EditResult.Recalled, message, []);
        }

        var repliesToIt = await db.Messages.Where(m => m.RoomId == roomId && m.ReplyToId == messageId && m.SenderBotId != null).ToListAsync(cancellationToken);
        if (repliesToIt.Any(r => replies.IsWriting(r.Id)))
        {
            return new EditOutcome(EditResult.ReplyInProgress, message, []);
        }

        var isNewestFromAPerson = !await db.Messages.AnyAsync(m => m.RoomId == roomId && m.Id > messageId && m.SenderUserId != null, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        KeepVersion(message, now);
        message.Text = text;
        message.EditedAt = now;
        var regenerated = isNewestFromAPerson ? repliesToIt : [];
        foreach (var reply in regenerated)
        {
            KeepVersion(reply, now);
            StartOver(reply);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        var names = await ParticipantNames.LoadAsync(db, [message, .. regenerated], CancellationToken.None);
        events.Publish(new MessageUpdated(names.Describe(message)));
        foreach (var reply in regenerated)
        {
            events.Publish(new MessageUpdated(names.Describe(reply)));
            replies.Regenerate(reply, userId);
        }

        return new EditOutcome(EditResult.Edited, message, regenerated);
    }

    /// <summary>Writes a bot reply again, keeping the earlier text as a version.</summary>
    public async Task<RegenerateOutcome> RegenerateAsync(Guid roomId, Guid userId, long messageId, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, userId, cancellationToken))
        {
            return new RegenerateOutcome(RegenerateResult.RoomNotFound, null);
        }

        var reply = await db.Messages.SingleOrDefaultAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken);
        if (reply is null)
        {
            return new RegenerateOutcome(RegenerateResult.MessageNotFound, null);
        }

        if (reply.SenderBotId is null || reply.ReplyToId is null)
        {
            return new RegenerateOutcome(RegenerateResult.NotABotReply, reply);
        }

        if (replies.IsWriting(reply.Id))
        {
            return new RegenerateOutcome(RegenerateResult.ReplyInProgress, reply);
        }

        KeepVersion(reply, time.GetUtcNow().UtcDateTime);
        StartOver(reply);
        await db.SaveChangesAsync(CancellationToken.None);
        var names = await ParticipantNames.LoadAsync(db, [reply], CancellationToken.None);
        events.Publish(new MessageUpdated(names.Describe(reply)));
        replies.Regenerate(reply, userId);
        return new RegenerateOutcome(RegenerateResult.Regenerating, reply);
    }

    /// <summary>
    /// Recalls a user's own message for everyone, within <see cref="ChatOptions.RecallWindow"/> of
    /// sending it: its text and earlier versions are deleted, and a tombstone (no text, status
    /// <c>recalled</c>) stays in the history so every client, even one that was away, learns it
    /// is gone. Bot replies to it still being written are stopped. Recalling it again changes nothing.
    /// </summary>
    public async Task<RecallOutcome> RecallAsync(Guid roomId, Guid userId, long messageId, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, userId, cancellationToken))
        {
            return new RecallOutcome(RecallResult.RoomNotFound, null);
        }

        var message = await db.Messages.SingleOrDefaultAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken);
        if (message is null)
        {
            return new RecallOutcome(RecallResult.MessageNotFound, null);
        }

        if (message.SenderUserId != userId)
        {
            return new RecallOutcome(RecallResult.NotYours, message);
        }

        if (message.Status == MessageStatus.Recalled)
        {
            return new RecallOutcome(RecallResult.Recalled, message);
        }

        var window = options.Value.RecallWindow;
        if (time.GetUtcNow().UtcDateTime - message.CreatedAt > window || window == TimeSpan.Zero)
        {
            return new RecallOutcome(RecallResult.TooLate, message);
        }

        var repliesToIt = await db.Messages.Where(m => m.RoomId == roomId && m.ReplyToId == messageId && m.SenderBotId != null).Select(m => m.Id).ToListAsync(cancellationToken);
        foreach (var replyId in repliesToIt)
        {
            await replies.StopAsync(replyId, CancellationToken.None);
        }

        message.Text = "";
        message.Status = MessageStatus.Recalled;
        message.UpdatedAt = time.GetUtcNow().UtcDateTime;
        await db.MessageVersions.Where(v => v.MessageId == messageId).ExecuteDeleteAsync(CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        events.Publish(new MessageDeleted(roomId, messageId));
        return new RecallOutcome(RecallResult.Recalled, message);
    }

    /// <summary>Stops a bot reply being written; it keeps what was written.</summary>
    /// <returns>The reply as stored, or null when the caller is not in the room or there is no such message.</returns>
    public async Task<Message?> StopAsync(Guid roomId, Guid userId, long messageId, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, userId, cancellationToken) ||
            !await db.Messages.AnyAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken))
        {
            return null;
        }

        await replies.StopAsync(messageId, cancellationToken);
        return await db.Messages.AsNoTracking().SingleAsync(m => m.Id == messageId, cancellationToken);
    }

    private async Task<SentMessage?> FindSentAsync(Guid roomId, Guid userId, string clientMessageId, CancellationToken cancellationToken)
    {
        var earlier = await db.Messages.AsNoTracking()
            .SingleOrDefaultAsync(m => m.RoomId == roomId && m.SenderUserId == userId && m.ClientMessageId == clientMessageId, cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        var itsReplies = await db.Messages.AsNoTracking().Where(m => m.RoomId == roomId && m.ReplyToId == earlier.Id && m.SenderBotId != null).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        return new SentMessage(earlier, Created: false, itsReplies);
    }

    private void KeepVersion(Message message, DateTime now)
    {
        db.MessageVersions.Add(new MessageVersion
        {
            MessageId = message.Id,
            Version = message.Version,
            Text = message.Text,
            Model = message.Model,
            CreatedAt = message.EditedAt ?? message.CreatedAt,
        });
        message.Version++;
        message.EditedAt = now;
        message.UpdatedAt = now;
    }

    private static void StartOver(Message reply)
    {
        reply.Text = "";
        reply.Status = MessageStatus.Streaming;
        reply.Error = null;
        reply.PromptTokens = 0;
        reply.CompletionTokens = 0;
        reply.TokensEstimated = false;
    }
}

/// <summary>A sent message; <c>Created</c> is false when a retry found it stored already.</summary>
public sealed record SentMessage(Message Message, bool Created, IReadOnlyList<Message> Replies);

public enum EditResult
{
    Edited,
    RoomNotFound,
    MessageNotFound,
    NotYours,
    ReplyInProgress,
    Recalled,
}

public sealed record EditOutcome(EditResult Result, Message? Message, IReadOnlyList<Message> Regenerated);

public enum RegenerateResult
{
    Regenerating,
    RoomNotFound,
    MessageNotFound,
    NotABotReply,
    ReplyInProgress,
}

public sealed record RegenerateOutcome(RegenerateResult Result, Message? Message);

public enum RecallResult
{
    Recalled,
    RoomNotFound,
    MessageNotFound,
    NotYours,
    TooLate,
}

public sealed record RecallOutcome(RecallResult Result, Message? Message);
