using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Attachments;
using Warbler.Chat.Configuration;
using Warbler.Chat.Events;
using Warbler.Chat.Messages;
using Warbler.Chat.Replies;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>
/// Stores messages and sets bots answering them. A message is acknowledged only once stored, and
/// a retried send (the same client message id) finds the message stored the first time.
/// </summary>
public sealed class MessageStore(
    WarblerDbContext db, ReplyCoordinator replies, ChatEvents events, TimeProvider time, IOptions<ChatOptions> options, AttachmentRemoval attachments,
    Gateway.Limits.SpendingLimitsDirectory directory)
{
    /// <returns>The stored message and the replies it set going; null when the caller is not in the room.</returns>
    public async Task<SentMessage?> SendAsync(Guid roomId, Guid userId, string text, string clientMessageId, long? replyTo, CancellationToken cancellationToken) =>
        (await SendToRoomAsync(roomId, userId, text, clientMessageId, replyTo, cancellationToken)).Sent;

    /// <summary>
    /// Stores a message and its bots' replies. What a send needs to know (membership, the room's
    /// bots, the sender's name, a retry, the message replied to) is read in one query before the
    /// transaction that stores it, as are the sender's uploads to the room sent with it
    /// (<paramref name="attachmentIds"/>, see <see cref="AttachmentClaims"/>).
    /// </summary>
    public async Task<SendOutcome> SendToRoomAsync(
        Guid roomId, Guid userId, string text, string clientMessageId, long? replyTo, CancellationToken cancellationToken, IReadOnlyList<Guid>? attachmentIds = null)
    {
        var target = await db.Rooms.AsNoTracking()
            .Where(r => r.Id == roomId && r.Members.Any(m => m.UserId == userId))
            .Select(r => new
            {
                r.Kind,
                // A join, not a correlated filter on the bots: SQLite cannot run the APPLY that would need.
                Bots = db.RoomBots.Where(rb => rb.RoomId == r.Id).Join(db.Bots, rb => rb.BotId, b => b.Id, (rb, b) => b).ToList(),
                SenderName = db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName ?? u.UserName ?? "").FirstOrDefault(),
                ReplyToFound = replyTo == null || db.Messages.Any(m => m.RoomId == roomId && m.Id == replyTo),
                SentBefore = db.Messages.Any(m => m.RoomId == roomId && m.SenderUserId == userId && m.ClientMessageId == clientMessageId),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return new SendOutcome(SendResult.RoomNotFound, null);
        }

        if (!target.ReplyToFound)
        {
            return new SendOutcome(SendResult.ReplyToNotFound, null);
        }

        if (target.SentBefore && await FindSentAsync(roomId, userId, clientMessageId, cancellationToken) is { } earlier)
        {
            return new SendOutcome(SendResult.Sent, earlier);
        }

        var files = attachmentIds is { Count: > 0 } ? await AttachmentClaims.FindAsync(db, roomId, userId, attachmentIds, cancellationToken) : [];
        if (files is null)
        {
            return new SendOutcome(SendResult.AttachmentsRefused, null);
        }

        // Decided before anything is stored, so that nothing but storing is left once it is.
        var responders = await Teams.BotVisibility.UsableAsync(db, directory, userId, ReplyCoordinator.Responders(target.Kind, target.Bots, text), cancellationToken);
        var names = ParticipantNames.Of(target.SenderName is null ? [] : [(userId, target.SenderName)], responders);
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
        List<Message> newReplies = [];
        try
        {
            // The message, its bots' replies and the sender's read position are stored together or
            // not at all: a send refused for a database failure has changed nothing, and its retry
            // (the same client message id) does it all, rather than finding a message that no bot
            // will ever answer.
            await RoomOrderedSave.SaveChangesAsync(db, roomId, now, async () =>
            {
                if (files.Count > 0)
                {
                    await AttachmentClaims.ClaimAsync(db, files, message);
                }

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
            var first = await FindSentAsync(roomId, userId, clientMessageId, CancellationToken.None) ?? throw new InvalidOperationException("A message could not be stored.");
            return new SendOutcome(SendResult.Sent, first);
        }
        catch (AttachmentsTakenException)
        {
            // Sent with another message at the same moment: this one was not stored.
            db.ChangeTracker.Clear();
            return new SendOutcome(SendResult.AttachmentsRefused, null);
        }

        // Stored: what is left happens in memory, so it cannot fail for the database.
        var shown = names.WithAttachments(message.Id, [.. files.Select(AttachmentViews.Describe)]).Describe(message);
        events.Publish(new MessageCreated(shown));
        replies.Start(newReplies, names, userId);
        return new SendOutcome(SendResult.Sent, new SentMessage(message, Created: true, newReplies, shown, newReplies.Select(names.Describe).ToList()));
    }

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
        foreach (var reply in repliesToIt)
        {
            if (await replies.IsWritingAsync(reply, cancellationToken))
            {
                return new EditOutcome(EditResult.ReplyInProgress, message, []);
            }
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

        if (await replies.IsWritingAsync(reply, cancellationToken))
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
        await attachments.RemoveForMessageAsync(messageId, CancellationToken.None);
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
        var names = await ParticipantNames.LoadAsync(db, [earlier, .. itsReplies], cancellationToken);
        return new SentMessage(earlier, Created: false, itsReplies, names.Describe(earlier), itsReplies.Select(names.Describe).ToList());
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

/// <summary>A sent message and its replies, stored and as the API shows them; <c>Created</c> is false when a retry found it stored already.</summary>
public sealed record SentMessage(Message Message, bool Created, IReadOnlyList<Message> Replies, MessageResponse Shown, IReadOnlyList<MessageResponse> ShownReplies);

public enum SendResult
{
    Sent,
    RoomNotFound,
    ReplyToNotFound,

    /// <summary>An attachment is not the sender's upload to the room, or was sent already.</summary>
    AttachmentsRefused,
}

public sealed record SendOutcome(SendResult Result, SentMessage? Sent);

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
