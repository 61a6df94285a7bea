using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Gateway.Admin;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.Teams;

/// <summary>
/// <c>/api/teams</c>: admins create, rename and delete teams and set their limits; members read
/// their teams. Members and keys are in <see cref="TeamMembersApi"/> and <see cref="TeamKeysApi"/>.
/// </summary>
internal static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        var teams = app.MapGroup("/api/teams").WithTags("Teams");
        teams.MapPost("/", CreateAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Create a team")
            .WithDescription("Admins only. The name is unique, compared without regard to case.")
            .Produces<TeamResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        teams.MapGet("/", ListAsync).RequireAuthorization(ChatPolicies.SignedInOrAdminKey)
            .WithSummary("List teams")
            .WithDescription("The caller's teams; admins see every team.")
            .Produces<List<TeamResponse>>();
        teams.MapGet("/{id:guid}", GetAsync).RequireAuthorization(ChatPolicies.SignedInOrAdminKey)
            .WithSummary("Get a team")
            .WithDescription("Its members and admins; anyone else gets 404.")
            .Produces<TeamResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        teams.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Rename a team or change its description")
            .WithDescription("Admins only.")
            .Produces<TeamResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        teams.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Delete a team")
            .WithDescription("Admins only. Revokes the team's keys; its members stay users.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        teams.MapPut("/{id:guid}/limits", SetLimitsAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Set a team's limits")
            .WithDescription("Admins only. Replaces them whole: a limit left out or null is none. In force on every server at once; budgets count what the team has already used.")
            .Produces<TeamResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> CreateAsync(TeamRequest request, WarblerDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(request, nameRequired: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var name = request.Name!.Trim();
        if (await NameTakenAsync(db, name, null, cancellationToken))
        {
            return TeamProblems.Conflict($"There is already a team named '{name}'.");
        }

        var team = new Team { Id = Guid.CreateVersion7(time.GetUtcNow()), Name = name, Description = request.Description?.Trim() ?? "", CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/teams/{team.Id}", TeamResponses.From(team, null, 0));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var userId = TeamAccess.UserIdOf(principal);
        var isAdmin = await TeamAccess.IsAdminAsync(principal, authorization);
        var teams = db.Teams.AsNoTracking();
        if (!isAdmin)
        {
            teams = teams.Where(t => db.TeamMembers.Any(m => m.TeamId == t.Id && m.UserId == userId));
        }

        var rows = await teams
            .OrderBy(t => t.Name)
            .Select(t => new
            {
                Team = t,
                Role = db.TeamMembers.Where(m => m.TeamId == t.Id && m.UserId == userId).Select(m => (TeamRole?)m.Role).FirstOrDefault(),
                Members = db.TeamMembers.Count(m => m.TeamId == t.Id),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => TeamResponses.From(r.Team, r.Role, r.Members)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        return access.CanRead
            ? TypedResults.Ok(await TeamResponses.OfAsync(access.Team!, access.Role, db, cancellationToken))
            : TeamProblems.NotFound(id);
    }

    private static async Task<IResult> UpdateAsync(Guid id, TeamRequest request, WarblerDbContext db, SpendingLimitsDirectory directory, CancellationToken cancellationToken)
    {
        var errors = Validate(request, nameRequired: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } team)
        {
            return TeamProblems.NotFound(id);
        }

        if (request.Name?.Trim() is { } name && await NameTakenAsync(db, name, id, cancellationToken))
        {
            return TeamProblems.Conflict($"There is already a team named '{name}'.");
        }

        team.Name = request.Name?.Trim() ?? team.Name;
        team.Description = request.Description?.Trim() ?? team.Description;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await TeamResponses.OfAsync(team, null, db, cancellationToken));
    }

    private static async Task<IResult> DeleteAsync(Guid id, WarblerDbContext db, OwnedKeys keys, SpendingLimitsDirectory directory, CancellationToken cancellationToken)
    {
        if (await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } team)
        {
            return TeamProblems.NotFound(id);
        }

        // Keys first: they have no foreign key to go with the team, and must not outlive it.
        await keys.RevokeAllAsync(null, id, cancellationToken);
        db.Teams.Remove(team);
        await db.SaveChangesAsync(cancellationToken);
        await directory.ChangedAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetLimitsAsync(Guid id, SpendingLimitsBody request, WarblerDbContext db, SpendingLimitsDirectory directory, CancellationToken cancellationToken)
    {
        var errors = SpendingLimitsBodies.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await db.Teams.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } team)
        {
            return TeamProblems.NotFound(id);
        }

        SpendingLimitsBodies.ApplyTo(request, team.Limits);
        await db.SaveChangesAsync(cancellationToken);
        await directory.LimitsSetAsync(null, id, cancellationToken);
        return TypedResults.Ok(await TeamResponses.OfAsync(team, null, db, cancellationToken));
    }

    private static Task<bool> NameTakenAsync(WarblerDbContext db, string name, Guid? except, CancellationToken cancellationToken)
    {
        var lower = name.ToLowerInvariant();
        return db.Teams.AnyAsync(t => t.Name.ToLower() == lower && t.Id != except, cancellationToken);
    }

    private static Dictionary<string, string[]> Validate(TeamRequest request, bool nameRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            if (nameRequired || request.Name is not null)
            {
                errors["name"] = ["A name is required."];
            }
        }
        else if (request.Name.Trim().Length > TeamLimits.NameMaxLength)
        {
            errors["name"] = [$"The name may be at most {TeamLimits.NameMaxLength} characters."];
        }

        if (request.Description?.Trim().Length > TeamLimits.DescriptionMaxLength)
        {
            errors["description"] = [$"The description may be at most {TeamLimits.DescriptionMaxLength} characters."];
        }

        return errors;
    }
}
