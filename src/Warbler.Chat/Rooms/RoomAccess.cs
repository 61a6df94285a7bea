using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>Finds a room for one of its members; to anyone else it does not exist.</summary>
internal static class RoomAccess
{
    public static async Task<Room?> FindAsync(WarblerDbContext db, Guid roomId, Guid userId, CancellationToken cancellationToken, bool tracked = false)
    {
        var rooms = tracked ? db.Rooms : db.Rooms.AsNoTracking();
        return await rooms
            .Include(r => r.Members)
            .Include(r => r.Bots)
            .SingleOrDefaultAsync(r => r.Id == roomId && r.Members.Any(m => m.UserId == userId), cancellationToken);
    }

    public static Task<bool> IsMemberAsync(WarblerDbContext db, Guid roomId, Guid userId, CancellationToken cancellationToken) =>
        db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == userId, cancellationToken);

    public static IResult NotFound(Guid roomId) =>
        TypedResults.Problem(NotFoundMessage(roomId), statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static string NotFoundMessage(Guid roomId) => $"There is no room {roomId} that you are a member of.";
}
