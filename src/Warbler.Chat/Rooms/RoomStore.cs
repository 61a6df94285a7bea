using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Attachments;
using Warbler.Chat.Events;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>
/// Reads and changes rooms for their members, and tells the room's members live of every change
/// (<see cref="RoomChanged"/>, <see cref="MembersJoined"/>, <see cref="MembersLeft"/>). A room the
/// caller is not in is not found, as if it did not exist. Requests are checked by the caller.
/// </summary>
internal sealed class RoomStore(WarblerDbContext db, ChatEvents events, TimeProvider time, AttachmentRemoval attachments, Gateway.Limits.SpendingLimitsDirectory directory)
{
    /// <summary>The viewer's rooms, most recent activity first; <paramref name="titleContains"/> filters by title, ignoring case.</summary>
    public async Task<List<RoomResponse>> ListAsync(Guid viewer, string? titleContains, int limit, CancellationToken cancellationToken)
    {
        var rooms = db.Rooms.AsNoTracking().Where(r => db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == viewer));
        if (!string.IsNullOrWhiteSpace(titleContains))
        {
            // Lowered on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
            var pattern = $"%{titleContains.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            rooms = rooms.Where(r => r.Title != null && EF.Functions.Like(r.Title.ToLower(), pattern, "\\"));
        }

        var page = await rooms.OrderByDescending(r => r.LastActivityAt).ThenByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        return await RoomDescriber.DescribeAsync(db, viewer, page, cancellationToken);
    }

    /// <returns>The room as <paramref name="viewer"/> sees it; null when they are not in it.</returns>
    public async Task<RoomResponse?> GetAsync(Guid roomId, Guid viewer, CancellationToken cancellationToken) =>
        await RoomAccess.FindAsync(db, roomId, viewer, cancellationToken) is { } room ? await DescribeAsync(viewer, room, cancellationToken) : null;

    /// <summary>The room with its members and bots, to be changed by <see cref="UpdateAsync"/>; null when <paramref name="viewer"/> is not in it.</summary>
    public Task<Room?> FindForChangeAsync(Guid roomId, Guid viewer, CancellationToken cancellationToken) =>
        RoomAccess.FindAsync(db, roomId, viewer, cancellationToken, tracked: true);

    /// <returns>Those of <paramref name="userIds"/> that are users.</returns>
    public Task<List<Guid>> KnownUsersAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);

    /// <inheritdoc cref="BotLookup.FindAsync"/>
    /// <remarks>
    /// With <paramref name="viewer"/>, a bot limited to teams they are not in is unknown to them,
    /// unless it is among <paramref name="alreadyIn"/> (a room's bots, which a member may keep).
    /// </remarks>
    public async Task<List<Bot>> FindBotsAsync(
        IReadOnlyList<string> names, Dictionary<string, string[]> errors, string field, CancellationToken cancellationToken, Guid? viewer = null, IReadOnlyCollection<Guid>? alreadyIn = null)
    {
        var bots = await BotLookup.FindAsync(db, names, errors, field, cancellationToken);
        if (viewer is not { } user)
        {
            return bots;
        }

        var added = alreadyIn is null ? bots : bots.Where(b => !alreadyIn.Contains(b.Id)).ToList();
        var unusable = added.Except(await Teams.BotVisibility.UsableAsync(db, directory, user, added, cancellationToken)).ToList();
        if (unusable.Count > 0)
        {
            errors[field] = [$"There is no bot {string.Join(", ", unusable.Select(b => "@" + b.Handle).Distinct())}."];
        }

        return bots.Except(unusable).ToList();
    }

    /// <summary>Stores a new room owned by <paramref name="ownerId"/>, who is its first member.</summary>
    public async Task<RoomResponse> CreateAsync(
        Guid ownerId, RoomKind kind, string? title, IReadOnlyList<Guid> memberIds, IReadOnlyList<Bot> bots, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var room = new Room
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Kind = kind,
            Title = CleanTitle(title),
            OwnerId = ownerId,
            CreatedAt = now,
            LastActivityAt = now,
        };
        room.Members.AddRange(memberIds.Prepend(ownerId).Select(id => new RoomMember { RoomId = room.Id, UserId = id, JoinedAt = now }));
        room.Bots.AddRange(bots.Select(bot => new RoomBot { RoomId = room.Id, BotId = bot.Id, AddedAt = now }));
        db.Rooms.Add(room);
        await db.SaveChangesAsync(cancellationToken);

        var shown = await DescribeAsync(ownerId, room, cancellationToken);
        events.Publish(new MembersJoined(room.Id, room.Members.Select(m => m.UserId).ToList()));
        events.Publish(new RoomChanged(shown));
        return shown;
    }

    /// <summary>Applies a checked change to a room from <see cref="FindForChangeAsync"/>; returns it as <paramref name="viewer"/> sees it.</summary>
    public async Task<RoomResponse> UpdateAsync(Room room, Guid viewer, RoomUpdate update, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (update.Title is not null)
        {
            room.Title = CleanTitle(update.Title);
        }

        if (update.Bots is not null)
        {
            SetBots(room, update.Bots, now);
        }

        var joined = await AddMembersAsync(room, update.NewMembers, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        var shown = await DescribeAsync(viewer, room, cancellationToken);
        if (joined.Count > 0)
        {
            events.Publish(new MembersJoined(room.Id, joined));
        }

        events.Publish(new RoomChanged(shown with { UnreadCount = 0 }));
        return shown;
    }

    /// <summary>The owner deletes the room with its history; any other member leaves it.</summary>
    /// <returns>False when <paramref name="userId"/> is not in the room.</returns>
    public async Task<bool> DeleteOrLeaveAsync(Guid roomId, Guid userId, CancellationToken cancellationToken)
    {
        var room = await RoomAccess.FindAsync(db, roomId, userId, cancellationToken, tracked: true);
        if (room is null)
        {
            return false;
        }

        var deleted = room.OwnerId == userId;
        var members = room.Members.Select(m => m.UserId).ToList();
        if (deleted)
        {
            db.Rooms.Remove(room);
        }
        else
        {
            room.Members.RemoveAll(m => m.UserId == userId);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (deleted)
        {
            await attachments.RemoveRoomFilesAsync(roomId);
            events.Publish(new MembersLeft(roomId, members, RoomDeleted: true));
        }
        else
        {
            events.Publish(new MembersLeft(roomId, [userId], RoomDeleted: false));
            events.Publish(new RoomChanged(await DescribeAsync(userId, room, cancellationToken) with { UnreadCount = 0 }));
        }

        return true;
    }

    /// <inheritdoc cref="ReadMarker.MarkAsync"/>
    public Task<MarkReadResult> MarkReadAsync(Guid roomId, Guid userId, long messageId, CancellationToken cancellationToken) =>
        ReadMarker.MarkAsync(db, events, roomId, userId, messageId, cancellationToken);

    private static string? CleanTitle(string? title) => string.IsNullOrWhiteSpace(title) ? null : title.Trim();

    /// <summary>The room's bots become <paramref name="wanted"/>: others leave, those kept take their new instructions.</summary>
    private static void SetBots(Room room, IReadOnlyList<RoomBotChoice> wanted, DateTime now)
    {
        room.Bots.RemoveAll(existing => wanted.All(w => w.BotId != existing.BotId));
        foreach (var (botId, instructions) in wanted)
        {
            if (room.Bots.Find(b => b.BotId == botId) is { } kept)
            {
                kept.Instructions = instructions;
            }
            else
            {
                room.Bots.Add(new RoomBot { RoomId = room.Id, BotId = botId, AddedAt = now, Instructions = instructions });
            }
        }
    }

    /// <returns>Those of <paramref name="userIds"/> that were not members yet.</returns>
    private async Task<List<Guid>> AddMembersAsync(Room room, IReadOnlyList<Guid> userIds, DateTime now, CancellationToken cancellationToken)
    {
        var joined = userIds.Where(u => room.Members.All(m => m.UserId != u)).ToList();
        if (joined.Count == 0)
        {
            return joined;
        }

        // A new member starts with the history read: unread counts what arrives after they join.
        var newestMessage = await db.Messages.Where(m => m.RoomId == room.Id).MaxAsync(m => (long?)m.Id, cancellationToken);
        foreach (var userId in joined)
        {
            room.Members.Add(new RoomMember { RoomId = room.Id, UserId = userId, JoinedAt = now, LastReadMessageId = newestMessage });
        }

        return joined;
    }

    private async Task<RoomResponse> DescribeAsync(Guid viewer, Room room, CancellationToken cancellationToken) =>
        (await RoomDescriber.DescribeAsync(db, viewer, [room], cancellationToken)).Single();
}
