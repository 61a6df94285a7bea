using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Attachments;

/// <summary>
/// Sending files with a message: only the sender's own uploads to that room, not sent with
/// another message yet. Found before the message is stored, and taken in its transaction, so two
/// messages sent at once cannot both carry the same file.
/// </summary>
internal static class AttachmentClaims
{
    public const string NotSendable = "Send only files you uploaded to this room and have not sent with another message.";

    /// <summary>The uploads to send, in the order given; null when any of them is not the sender's, not in the room, or sent already.</summary>
    public static async Task<List<MessageAttachment>?> FindAsync(
        WarblerDbContext db, Guid roomId, Guid userId, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct().ToList();
        var found = await db.MessageAttachments.AsNoTracking()
            .Where(a => distinct.Contains(a.Id) && a.RoomId == roomId && a.UploaderId == userId && a.MessageId == null)
            .Select(AttachmentColumns.WithoutText)
            .ToListAsync(cancellationToken);
        return found.Count == distinct.Count ? [.. distinct.Select(id => found.Single(a => a.Id == id))] : null;
    }

    /// <summary>Gives the uploads to the stored message, in the same transaction.</summary>
    /// <exception cref="AttachmentsTakenException">One of them was sent with another message meanwhile; the transaction must roll back.</exception>
    public static async Task ClaimAsync(WarblerDbContext db, IReadOnlyList<MessageAttachment> attachments, Message message)
    {
        var ids = attachments.Select(a => a.Id).ToList();
        var claimed = await db.MessageAttachments
            .Where(a => ids.Contains(a.Id) && a.RoomId == message.RoomId && a.UploaderId == message.SenderUserId && a.MessageId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.MessageId, message.Id), CancellationToken.None);
        if (claimed != ids.Count)
        {
            throw new AttachmentsTakenException();
        }
    }
}

/// <summary>An upload was sent with another message at the same moment.</summary>
internal sealed class AttachmentsTakenException() : Exception(AttachmentClaims.NotSendable);
