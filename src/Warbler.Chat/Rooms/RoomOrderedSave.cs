using Microsoft.EntityFrameworkCore;
using Warbler.Data;

namespace Warbler.Chat.Rooms;

/// <summary>
/// Stores a room's new messages so that their ids become visible in order. PostgreSQL hands out an
/// id when a row is inserted but shows the row only at commit, so two sends to one room at once
/// could commit out of id order, and a client catching up "after id X" at that moment would miss
/// the smaller one for good. Taking the room's row first makes the room's sends wait for each
/// other: ids are handed out and committed in the same order. (SQLite writes one at a time anyway.)
/// The statement that takes the row records the room's new activity, so that costs no statement of its own.
/// </summary>
internal static class RoomOrderedSave
{
    /// <summary>
    /// Saves the tracked changes; then <paramref name="thenInTheSameTransaction"/> stores what needs
    /// their ids (a message's replies), committed with them or not at all.
    /// </summary>
    public static Task SaveChangesAsync(WarblerDbContext db, Guid roomId, DateTime lastActivityAt, Func<Task>? thenInTheSameTransaction = null) =>
        // Everything the send needed to read was read before: the write lock is held only for the
        // writes and the commit.
        SerialWrites.RunAsync(db, () => SaveAsync(db, roomId, lastActivityAt, thenInTheSameTransaction));

    private static async Task SaveAsync(WarblerDbContext db, Guid roomId, DateTime lastActivityAt, Func<Task>? thenInTheSameTransaction)
    {
        // Not cancelled half way: once sent, a message is stored or refused, never lost silently.
        // A failure rolls the whole transaction back, so the savepoints EF Core would set around
        // each SaveChanges inside it buy nothing and cost two statements each.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
            await db.Rooms.Where(r => r.Id == roomId)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.LastActivityAt, lastActivityAt), CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            if (thenInTheSameTransaction is not null)
            {
                await thenInTheSameTransaction();
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }
}
