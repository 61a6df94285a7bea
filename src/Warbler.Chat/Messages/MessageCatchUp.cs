using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Messages;

/// <summary>
/// What a client that was away from a room missed, given the id of the newest message it saw:
/// the messages after it, and the older messages that changed since it was written (replies
/// that finished, edits, regenerations, recalls). A few it already has may come again; clients
/// keep one copy per id, the newer.
/// </summary>
internal static class MessageCatchUp
{
    public const int PageSize = 200;

    /// <summary>Room for clocks that differ a little between servers: a change is sent again rather than missed.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

    /// <returns>Up to <see cref="PageSize"/> messages after <paramref name="afterMessageId"/> (<c>hasMore</c> when there are more: ask again from the newest) and the older ones that changed since, oldest first.</returns>
    public static async Task<MessagePage> PageAsync(WarblerDbContext db, Guid roomId, long afterMessageId, CancellationToken cancellationToken)
    {
        var inRoom = db.Messages.AsNoTracking().Where(m => m.RoomId == roomId);
        var newer = await inRoom.Where(m => m.Id > afterMessageId).OrderBy(m => m.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        var hasMore = newer.Count > PageSize;

        // The client saw the message it names while connected, so whatever it missed happened after that message was written.
        var seenAt = await inRoom.Where(m => m.Id <= afterMessageId).OrderByDescending(m => m.Id).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var changed = seenAt is { } since
            ? await inRoom.Where(m => m.Id <= afterMessageId && m.UpdatedAt >= since - ClockMargin && m.UpdatedAt > m.CreatedAt)
                .OrderByDescending(m => m.UpdatedAt).Take(PageSize).ToListAsync(cancellationToken)
            : [];

        List<Message> page = [.. changed.OrderBy(m => m.Id), .. newer.Take(PageSize)];
        var names = await ParticipantNames.LoadAsync(db, page, cancellationToken);
        return new MessagePage(page.Select(names.Describe).ToList(), hasMore);
    }
}
