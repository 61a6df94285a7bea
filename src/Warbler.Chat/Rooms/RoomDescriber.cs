using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Messages;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>Builds rooms as a member sees them: members and bots by name, the last message, and what they have not read.</summary>
internal static class RoomDescriber
{
    public static async Task<List<RoomResponse>> DescribeAsync(WarblerDbContext db, Guid viewer, IReadOnlyList<Room> rooms, CancellationToken cancellationToken)
    {
        if (rooms.Count == 0)
        {
            return [];
        }

        var roomIds = rooms.Select(r => r.Id).ToList();
        var members = await db.RoomMembers.AsNoTracking().Where(m => roomIds.Contains(m.RoomId)).ToListAsync(cancellationToken);
        var roomBots = await db.RoomBots.AsNoTracking().Where(b => roomIds.Contains(b.RoomId)).ToListAsync(cancellationToken);
        var botIds = roomBots.Select(b => b.BotId).Distinct().ToList();
        var bots = await db.Bots.AsNoTracking().Where(b => botIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);

        var lastMessageIds = await db.Messages.AsNoTracking()
            .Where(m => roomIds.Contains(m.RoomId))
            .GroupBy(m => m.RoomId)
            .Select(g => g.Max(m => m.Id))
            .ToListAsync(cancellationToken);
        var lastMessages = await db.Messages.AsNoTracking().Where(m => lastMessageIds.Contains(m.Id)).ToDictionaryAsync(m => m.RoomId, cancellationToken);

        var unread = await db.Messages.AsNoTracking()
            .Where(m => roomIds.Contains(m.RoomId) && m.SenderUserId != viewer && m.Status != MessageStatus.Recalled)
            .Join(db.RoomMembers.Where(rm => rm.UserId == viewer), m => m.RoomId, rm => rm.RoomId, (m, rm) => new { m.RoomId, m.Id, Read = rm.LastReadMessageId ?? 0 })
            .Where(x => x.Id > x.Read)
            .GroupBy(x => x.RoomId)
            .Select(g => new { RoomId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.RoomId, x => x.Count, cancellationToken);

        var names = await ParticipantNames.LoadAsync(
            db,
            members.Select(m => m.UserId).Concat(lastMessages.Values.Where(m => m.SenderUserId is not null).Select(m => m.SenderUserId!.Value)).Distinct().ToList(),
            lastMessages.Values.Where(m => m.SenderBotId is not null).Select(m => m.SenderBotId!.Value).Distinct().ToList(),
            cancellationToken);

        return rooms.Select(room => new RoomResponse(
            room.Id,
            room.Kind.ToString().ToLowerInvariant(),
            room.Title,
            room.OwnerId,
            StoredTime.AsUtc(room.CreatedAt),
            StoredTime.AsUtc(room.LastActivityAt),
            members.Where(m => m.RoomId == room.Id).OrderBy(m => m.JoinedAt).Select(m => new RoomMemberResponse(m.UserId, names.UserName(m.UserId))).ToList(),
            roomBots.Where(b => b.RoomId == room.Id && bots.ContainsKey(b.BotId)).OrderBy(b => b.AddedAt)
                .Select(b => new RoomBotResponse(b.BotId, bots[b.BotId].Handle, bots[b.BotId].Name, bots[b.BotId].Model, b.Instructions)).ToList(),
            lastMessages.TryGetValue(room.Id, out var last) ? names.Describe(last) : null,
            unread.GetValueOrDefault(room.Id))).ToList();
    }
}
