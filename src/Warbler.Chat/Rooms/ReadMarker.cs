using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Events;
using Warbler.Data;

namespace Warbler.Chat.Rooms;

/// <summary>Moves a member's read position forward (never back) and tells the room, over REST and the hub alike.</summary>
internal static class ReadMarker
{
    public static async Task<MarkReadResult> MarkAsync(WarblerDbContext db, ChatEvents events, Guid roomId, Guid userId, long messageId, CancellationToken cancellationToken)
    {
        if (!await RoomAccess.IsMemberAsync(db, roomId, userId, cancellationToken))
        {
            return MarkReadResult.RoomNotFound;
        }

        if (!await db.Messages.AnyAsync(m => m.RoomId == roomId && m.Id == messageId, cancellationToken))
        {
            return MarkReadResult.MessageNotFound;
        }

        // One statement, so two devices marking at once cannot move it back.
        var moved = await SerialWrites.RunAsync(db, () => db.RoomMembers
            .Where(m => m.RoomId == roomId && m.UserId == userId && (m.LastReadMessageId == null || m.LastReadMessageId < messageId))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LastReadMessageId, messageId), cancellationToken));
        if (moved == 0)
        {
            return MarkReadResult.AlreadyRead;
        }

        events.Publish(new MessageRead(roomId, userId, messageId));
        return MarkReadResult.Marked;
    }
}

internal enum MarkReadResult
{
    Marked,
    AlreadyRead,
    RoomNotFound,
    MessageNotFound,
}
