using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Auth;
using Warbler.Chat.Events;
using Warbler.Chat.Identity;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>
/// <c>/api/rooms</c>: create a direct or group room, list the caller's rooms, read, change, leave
/// or delete one. A room the caller is not in answers 404, as if it did not exist. Every change
/// is told to the room's members live (<see cref="RoomChanged"/>, <see cref="MembersJoined"/>, <see cref="MembersLeft"/>).
/// </summary>
internal static class RoomsApi
{
    public const int MaxParticipants = 10_000;
    public const int MaxInstructionsLength = 8_000;
    private const int DefaultListLimit = 100;
    private const int MaxListLimit = 500;

    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms").RequireAuthorization(ChatPolicies.SignedIn).WithTags("Rooms");
        rooms.MapPost("/", CreateAsync)
            .WithSummary("Create a room")
            .WithDescription("A direct room (the caller and exactly one user or bot) or a group room.")
            .Produces<RoomResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
        rooms.MapGet("/", ListAsync)
            .WithSummary("List the caller's rooms")
            .WithDescription("Most recent activity first; `q` filters by title, `limit` caps the list (at most 500).")
            .Produces<List<RoomResponse>>();
        rooms.MapGet("/{id:guid}", GetAsync)
            .WithSummary("Get a room")
            .WithDescription("404 when the caller is not a member.")
            .Produces<RoomResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        rooms.MapPatch("/{id:guid}", UpdateAsync)
            .WithSummary("Change a room")
            .WithDescription("Title, bots (the whole list, with per-room instructions) or new members; fields left out stay as they are.")
            .Produces<RoomResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        rooms.MapDelete("/{id:guid}", DeleteOrLeaveAsync)
            .WithSummary("Delete or leave a room")
            .WithDescription("The owner deletes the room with its history; any other member leaves it.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        rooms.MapPost("/{id:guid}/read", MarkReadAsync)
            .WithSummary("Mark a room read up to a message")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(
        CreateRoomRequest request, ClaimsPrincipal user, WarblerDbContext db, ChatEvents events, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        var errors = new Dictionary<string, string[]>();
        RoomKind? kind = request.Kind switch
        {
            "direct" => RoomKind.Direct,
            "group" => RoomKind.Group,
            _ => null,
        };
        if (kind is null)
        {
            errors["kind"] = ["The kind is \"direct\" or \"group\"."];
        }

        ValidateTitle(errors, request.Title);
        var memberIds = (request.Members ?? []).Where(id => id != me).Distinct().ToList();
        // A bot named twice (by id and by handle, say) is in the room once, as a member named twice is.
        var bots = (await BotLookup.FindAsync(db, request.Bots ?? [], errors, "bots", cancellationToken)).DistinctBy(b => b.Id).ToList();
        if (memberIds.Count + (request.Bots?.Count ?? 0) > MaxParticipants)
        {
            errors["members"] = [$"A room holds at most {MaxParticipants} members and bots."];
        }
        else if (memberIds.Count > 0)
        {
            var known = await db.Users.Where(u => memberIds.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
            var unknown = memberIds.Except(known).ToList();
            if (unknown.Count > 0)
            {
                errors["members"] = [$"There is no user {string.Join(", ", unknown)}."];
            }
        }

        if (kind == RoomKind.Direct && errors.Count == 0 && memberIds.Count + bots.Count != 1)
        {
            errors["members"] = ["A direct room has exactly one other participant: one user in \"members\" or one bot in \"bots\"."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var room = new Room
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Kind = kind!.Value,
            Title = string.IsNullOrWhiteSpace(request.Title) ? null : request.Title.Trim(),
            OwnerId = me,
            CreatedAt = now,
            LastActivityAt = now,
        };
        room.Members.AddRange(memberIds.Prepend(me).Select(id => new RoomMember { RoomId = room.Id, UserId = id, JoinedAt = now }));
        room.Bots.AddRange(bots.Select(bot => new RoomBot { RoomId = room.Id, BotId = bot.Id, AddedAt = now }));
        db.Rooms.Add(room);
        await db.SaveChangesAsync(cancellationToken);

        var shown = (await RoomDescriber.DescribeAsync(db, me, [room], cancellationToken)).Single();
        events.Publish(new MembersJoined(room.Id, room.Members.Select(m => m.UserId).ToList()));
        events.Publish(new RoomChanged(shown));
        return TypedResults.Created($"/api/rooms/{room.Id}", shown);
    }

    private static async Task<IResult> ListAsync(string? q, int? limit, ClaimsPrincipal user, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"The limit is between 1 and {MaxListLimit}."] });
        }

        var me = user.UserId();
        var rooms = db.Rooms.AsNoTracking().Where(r => db.RoomMembers.Any(m => m.RoomId == r.Id && m.UserId == me));
        if (!string.IsNullOrWhiteSpace(q))
        {
            // Lowered on both sides: LIKE ignores case on SQLite but not on PostgreSQL.
            var pattern = $"%{q.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            rooms = rooms.Where(r => r.Title != null && EF.Functions.Like(r.Title.ToLower(), pattern, "\\"));
        }

        var page = await rooms.OrderByDescending(r => r.LastActivityAt).ThenByDescending(r => r.Id).Take(limit ?? DefaultListLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(await RoomDescriber.DescribeAsync(db, me, page, cancellationToken));
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, WarblerDbContext db, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        var room = await RoomAccess.FindAsync(db, id, me, cancellationToken);
        return room is null ? RoomAccess.NotFound(id) : TypedResults.Ok((await RoomDescriber.DescribeAsync(db, me, [room], cancellationToken)).Single());
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, UpdateRoomRequest request, ClaimsPrincipal user, WarblerDbContext db, ChatEvents events, TimeProvider time, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        var room = await RoomAccess.FindAsync(db, id, me, cancellationToken, tracked: true);
        if (room is null)
        {
            return RoomAccess.NotFound(id);
        }

        // "bots": [null] is a list entry without a bot: say so rather than fail on it below.
        if (request.Bots?.Any(b => b is null) == true)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["bots"] = ["Each entry names a bot: {\"bot\": id or handle}."] });
        }

        var errors = new Dictionary<string, string[]>();
        ValidateTitle(errors, request.Title);
        var bots = request.Bots is null
            ? null
            : await BotLookup.FindAsync(db, request.Bots.Select(b => b.Bot ?? "").ToList(), errors, "bots", cancellationToken);
        if (request.Bots?.Any(b => b.Instructions?.Length > MaxInstructionsLength) == true)
        {
            errors["bots"] = [$"Instructions for a bot may be at most {MaxInstructionsLength} characters."];
        }

        var newMembers = (request.AddMembers ?? []).Distinct().ToList();
        if (newMembers.Count > 0)
        {
            var known = await db.Users.Where(u => newMembers.Contains(u.Id)).Select(u => u.Id).ToListAsync(cancellationToken);
            if (known.Count != newMembers.Count)
            {
                errors["addMembers"] = [$"There is no user {string.Join(", ", newMembers.Except(known))}."];
            }
            else if (room.Members.Count + room.Bots.Count + newMembers.Count(u => room.Members.All(m => m.UserId != u)) > MaxParticipants)
            {
                errors["addMembers"] = [$"A room holds at most {MaxParticipants} members and bots."];
            }
        }

        if (room.Kind == RoomKind.Direct && (newMembers.Count > 0 || bots?.Count > 1 || (bots?.Count == 1 && room.Bots.Count == 0)))
        {
            errors[newMembers.Count > 0 ? "addMembers" : "bots"] = ["A direct room keeps its two participants; create a group room for more."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (request.Title is not null)
        {
            room.Title = string.IsNullOrWhiteSpace(request.Title) ? null : request.Title.Trim();
        }

        if (bots is not null)
        {
            var wanted = request.Bots!.Zip(bots, (settings, bot) => (bot.Id, Instructions: string.IsNullOrWhiteSpace(settings.Instructions) ? null : settings.Instructions.Trim()))
                .DistinctBy(b => b.Id).ToList();
            room.Bots.RemoveAll(existing => wanted.All(w => w.Id != existing.BotId));
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

        // A new member starts with the history read: unread counts what arrives after they join.
        var newestMessage = await db.Messages.Where(m => m.RoomId == room.Id).MaxAsync(m => (long?)m.Id, cancellationToken);
        var joined = newMembers.Where(u => room.Members.All(m => m.UserId != u)).ToList();
        foreach (var userId in joined)
        {
            room.Members.Add(new RoomMember { RoomId = room.Id, UserId = userId, JoinedAt = now, LastReadMessageId = newestMessage });
        }

        await db.SaveChangesAsync(cancellationToken);
        var shown = (await RoomDescriber.DescribeAsync(db, me, [room], cancellationToken)).Single();
        if (joined.Count > 0)
        {
            events.Publish(new MembersJoined(room.Id, joined));
        }

        events.Publish(new RoomChanged(shown with { UnreadCount = 0 }));
        return TypedResults.Ok(shown);
    }

    /// <summary>The owner deletes the room with its history; any other member leaves it.</summary>
    private static async Task<IResult> DeleteOrLeaveAsync(Guid id, ClaimsPrincipal user, WarblerDbContext db, ChatEvents events, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        var room = await RoomAccess.FindAsync(db, id, me, cancellationToken, tracked: true);
        if (room is null)
        {
            return RoomAccess.NotFound(id);
        }

        var deleted = room.OwnerId == me;
        var members = room.Members.Select(m => m.UserId).ToList();
        if (deleted)
        {
            db.Rooms.Remove(room);
        }
        else
        {
            room.Members.RemoveAll(m => m.UserId == me);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (deleted)
        {
            events.Publish(new MembersLeft(id, members, RoomDeleted: true));
        }
        else
        {
            events.Publish(new MembersLeft(id, [me], RoomDeleted: false));
            events.Publish(new RoomChanged((await RoomDescriber.DescribeAsync(db, me, [room], cancellationToken)).Single() with { UnreadCount = 0 }));
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> MarkReadAsync(Guid id, MarkReadRequest request, ClaimsPrincipal user, WarblerDbContext db, ChatEvents events, CancellationToken cancellationToken)
    {
        var result = await ReadMarker.MarkAsync(db, events, id, user.UserId(), request.MessageId ?? 0, cancellationToken);
        return result switch
        {
            MarkReadResult.RoomNotFound => RoomAccess.NotFound(id),
            MarkReadResult.MessageNotFound => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messageId"] = ["Name a message of this room."] }),
            _ => TypedResults.NoContent(),
        };
    }

    private static void ValidateTitle(Dictionary<string, string[]> errors, string? title)
    {
        if (title?.Trim().Length > RoomLimits.TitleMaxLength)
        {
            errors["title"] = [$"The title may be at most {RoomLimits.TitleMaxLength} characters."];
        }
        else if (title?.Any(char.IsControl) == true)
        {
            errors["title"] = ["The title may not hold control characters such as line breaks or tabs."];
        }
    }
}
