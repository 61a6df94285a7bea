using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>Finds a room for one of its members; to anyone else it does not exist.</summary>
internal static class RoomAccess
{
    public static async Task<Room?> FindAsync(WarblerDbContext db, Guid roomId, Guid userId, CancellationToken cancellationToken, bool tracked = false)
    {
        // Split: one query for the room, one for its members, one for its bots, rather than a join
        // that repeats the room for every member times every bot. Nothing reads either list in the
        // order loaded (replies are ordered by the bots they look up, room descriptions by when a
        // member or bot was added).
        var rooms = tracked ? db.Rooms : db.Rooms.AsNoTracking();
        return await rooms
            .Include(r => r.Members)
            .Include(r => r.Bots)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == roomId && r.Members.Any(m => m.UserId == userId), cancellationToken);
    }

    public static Task<bool> IsMemberAsync(WarblerDbContext db, Guid roomId, Guid userId, CancellationToken cancellationToken) =>
        db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == userId, cancellationToken);

    public static IResult NotFound(Guid roomId) =>
        TypedResults.Problem(NotFoundMessage(roomId), statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static string NotFoundMessage(Guid roomId) => $"There is no room {roomId} that you are a member of.";
}
