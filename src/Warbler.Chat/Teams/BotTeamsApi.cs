using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.Teams;

/// <summary><c>/api/bots/{id}/teams</c>: the teams a bot is limited to, set by admins; none means everyone may use it.</summary>
internal static class BotTeamsApi
{
    private const int MaxTeams = 1000;

    public static IEndpointRouteBuilder MapBotTeamsApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/bots/{id:guid}/teams").RequireAuthorization(ChatPolicies.Admin).WithTags("Bots");
        teams.MapGet("/", GetAsync)
            .WithSummary("The teams a bot is limited to")
            .WithDescription("Admins only. Empty: the bot is everyone's.")
            .Produces<BotTeamsBody>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        teams.MapPut("/", SetAsync)
            .WithSummary("Limit a bot to teams")
            .WithDescription("Admins only. Replaces the list; an empty list opens the bot to everyone. Users outside the teams (admins aside) do not see the bot, cannot add it to rooms, and get no reply from it.")
            .Produces<BotTeamsBody>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Bots.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return TeamProblems.NoSuch("bot", id);
        }

        return TypedResults.Ok(new BotTeamsBody(await db.BotTeams.Where(b => b.BotId == id).Select(b => b.TeamId).OrderBy(t => t).ToListAsync(cancellationToken)));
    }

    private static async Task<IResult> SetAsync(Guid id, BotTeamsBody request, WarblerDbContext db, SpendingLimitsDirectory directory, CancellationToken cancellationToken)
    {
        var wanted = (request.TeamIds ?? []).Distinct().ToList();
        if (wanted.Count > MaxTeams)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["teamIds"] = [$"At most {MaxTeams} teams."] });
        }

        if (!await db.Bots.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return TeamProblems.NoSuch("bot", id);
        }

        var known = await db.Teams.Where(t => wanted.Contains(t.Id)).Select(t => t.Id).ToListAsync(cancellationToken);
        if (wanted.Except(known).ToList() is [_, ..] unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["teamIds"] = [$"There is no team {string.Join(", ", unknown)}."] });
        }

        db.BotTeams.RemoveRange(await db.BotTeams.Where(b => b.BotId == id).ToListAsync(cancellationToken));
        db.BotTeams.AddRange(wanted.Select(team => new BotTeam { BotId = id, TeamId = team }));
        await db.SaveChangesAsync(cancellationToken);
        await directory.ChangedAsync(cancellationToken);
        return TypedResults.Ok(new BotTeamsBody([.. wanted.Order()]));
    }
}
