using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Identity;
using Warbler.Data.Bots;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Rooms;

/// <summary>
/// <c>/api/rooms</c>: create a direct or group room, list the caller's rooms, read, change, leave
/// or delete one. A room the caller is not in answers 404, as if it did not exist. The requests
/// are checked here; <see cref="RoomStore"/> reads and stores, and tells the room's members live.
/// </summary>
internal static class RoomsApi
{
    public const int MaxParticipants = 10_000;
    public const int MaxInstructionsLength = 8_000;
    private const int DefaultListLimit = 100;
    private const int MaxListLimit = 500;
    private static readonly string TooManyParticipants = $"A room holds at most {MaxParticipants} members and bots.";

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

    private static async Task<IResult> CreateAsync(CreateRoomRequest request, ClaimsPrincipal user, RoomStore store, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        var errors = new Dictionary<string, string[]>();
        var kind = ParseKind(request.Kind, errors);
        ValidateTitle(errors, request.Title);
        var memberIds = (request.Members ?? []).Where(id => id != me).Distinct().ToList();
        // A bot named twice (by id and by handle, say) is in the room once, as a member named twice is.
        var bots = (await store.FindBotsAsync(request.Bots ?? [], errors, "bots", cancellationToken, viewer: me)).DistinctBy(b => b.Id).ToList();
        if (memberIds.Count + (request.Bots?.Count ?? 0) > MaxParticipants)
        {
            errors["members"] = [TooManyParticipants];
        }
        else if (memberIds.Count > 0 && memberIds.Except(await store.KnownUsersAsync(memberIds, cancellationToken)).ToList() is { Count: > 0 } unknown)
        {
            errors["members"] = [NoSuchUser(unknown)];
        }

        if (kind == RoomKind.Direct && errors.Count == 0 && memberIds.Count + bots.Count != 1)
        {
            errors["members"] = ["A direct room has exactly one other participant: one user in \"members\" or one bot in \"bots\"."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var shown = await store.CreateAsync(me, kind!.Value, request.Title, memberIds, bots, cancellationToken);
        return TypedResults.Created($"/api/rooms/{shown.Id}", shown);
    }

    private static async Task<IResult> ListAsync(string? q, int? limit, ClaimsPrincipal user, RoomStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxListLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"The limit is between 1 and {MaxListLimit}."] });
        }

        return TypedResults.Ok(await store.ListAsync(user.UserId(), q, limit ?? DefaultListLimit, cancellationToken));
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, RoomStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, user.UserId(), cancellationToken) is { } room ? TypedResults.Ok(room) : RoomAccess.NotFound(id);

    private static async Task<IResult> UpdateAsync(Guid id, UpdateRoomRequest request, ClaimsPrincipal user, RoomStore store, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        var room = await store.FindForChangeAsync(id, me, cancellationToken);
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
        var bots = await ValidateBotsAsync(request.Bots, room, me, store, errors, cancellationToken);
        var newMembers = (request.AddMembers ?? []).Distinct().ToList();
        await ValidateNewMembersAsync(room, newMembers, store, errors, cancellationToken);
        ValidateDirectRoomKeepsTwo(room, newMembers, bots, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await store.UpdateAsync(room, me, new RoomUpdate(request.Title, BotChoices(request.Bots, bots), newMembers), cancellationToken));
    }

    /// <summary>The owner deletes the room with its history; any other member leaves it.</summary>
    private static async Task<IResult> DeleteOrLeaveAsync(Guid id, ClaimsPrincipal user, RoomStore store, CancellationToken cancellationToken) =>
        await store.DeleteOrLeaveAsync(id, user.UserId(), cancellationToken) ? TypedResults.NoContent() : RoomAccess.NotFound(id);

    private static async Task<IResult> MarkReadAsync(Guid id, MarkReadRequest request, ClaimsPrincipal user, RoomStore store, CancellationToken cancellationToken)
    {
        var result = await store.MarkReadAsync(id, user.UserId(), request.MessageId ?? 0, cancellationToken);
        return result switch
        {
            MarkReadResult.RoomNotFound => RoomAccess.NotFound(id),
            MarkReadResult.MessageNotFound => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["messageId"] = ["Name a message of this room."] }),
            _ => TypedResults.NoContent(),
        };
    }

    private static RoomKind? ParseKind(string? kind, Dictionary<string, string[]> errors)
    {
        RoomKind? parsed = kind switch
        {
            "direct" => RoomKind.Direct,
            "group" => RoomKind.Group,
            _ => null,
        };
        if (parsed is null)
        {
            errors["kind"] = ["The kind is \"direct\" or \"group\"."];
        }

        return parsed;
    }

    /// <returns>The bots named, in order; null when the request leaves the bots as they are.</returns>
    /// <remarks>A bot the room does not have yet must be one <paramref name="me"/> may use (see <c>BotVisibility</c>).</remarks>
    private static async Task<List<Bot>?> ValidateBotsAsync(
        IReadOnlyList<RoomBotSettings>? requested, Room room, Guid me, RoomStore store, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (requested is null)
        {
            return null;
        }

        var bots = await store.FindBotsAsync(
            requested.Select(b => b.Bot ?? "").ToList(), errors, "bots", cancellationToken, viewer: me, alreadyIn: room.Bots.Select(b => b.BotId).ToHashSet());
        if (requested.Any(b => b.Instructions?.Length > MaxInstructionsLength))
        {
            errors["bots"] = [$"Instructions for a bot may be at most {MaxInstructionsLength} characters."];
        }

        return bots;
    }

    private static async Task ValidateNewMembersAsync(Room room, List<Guid> newMembers, RoomStore store, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        if (newMembers.Count == 0)
        {
            return;
        }

        var known = await store.KnownUsersAsync(newMembers, cancellationToken);
        if (known.Count != newMembers.Count)
        {
            errors["addMembers"] = [NoSuchUser(newMembers.Except(known))];
        }
        else if (room.Members.Count + room.Bots.Count + newMembers.Count(u => room.Members.All(m => m.UserId != u)) > MaxParticipants)
        {
            errors["addMembers"] = [TooManyParticipants];
        }
    }

    private static void ValidateDirectRoomKeepsTwo(Room room, List<Guid> newMembers, List<Bot>? bots, Dictionary<string, string[]> errors)
    {
        if (room.Kind == RoomKind.Direct && (newMembers.Count > 0 || bots?.Count > 1 || (bots?.Count == 1 && room.Bots.Count == 0)))
        {
            errors[newMembers.Count > 0 ? "addMembers" : "bots"] = ["A direct room keeps its two participants; create a group room for more."];
        }
    }

    /// <summary>Each bot named once (the first settings win), with its instructions trimmed, blank for none.</summary>
    private static List<RoomBotChoice>? BotChoices(IReadOnlyList<RoomBotSettings>? requested, List<Bot>? bots) =>
        bots is null
            ? null
            : requested!.Zip(bots, (settings, bot) => new RoomBotChoice(bot.Id, string.IsNullOrWhiteSpace(settings.Instructions) ? null : settings.Instructions.Trim()))
                .DistinctBy(b => b.BotId).ToList();

    private static string NoSuchUser(IEnumerable<Guid> ids) => $"There is no user {string.Join(", ", ids)}.";

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
