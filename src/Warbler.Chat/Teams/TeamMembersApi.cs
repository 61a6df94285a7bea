using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.Teams;

/// <summary><c>/api/teams/{id}/members</c>: members read the list; owners and admins add, change and remove members.</summary>
internal static class TeamMembersApi
{
    public static IEndpointRouteBuilder MapTeamMembersApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapGroup("/api/teams/{id:guid}/members").RequireAuthorization(ChatPolicies.SignedInOrAdminKey).WithTags("Teams");
        members.MapGet("/", ListAsync)
            .WithSummary("List a team's members")
            .WithDescription("Its members and admins; anyone else gets 404.")
            .Produces<List<TeamMemberResponse>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapPost("/", AddAsync)
            .WithSummary("Add a member")
            .WithDescription("Owners and admins: a user by id or email, as `member` (the default) or `owner`. A member who is not an owner gets 403.")
            .Produces<TeamMemberResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        members.MapPatch("/{userId:guid}", UpdateAsync)
            .WithSummary("Change a member's role")
            .WithDescription("Owners and admins.")
            .Produces<TeamMemberResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        members.MapDelete("/{userId:guid}", RemoveAsync)
            .WithSummary("Remove a member")
            .WithDescription("Owners and admins. The user's keys stay theirs; those of the team stay the team's.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(Guid id, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        if (!access.CanRead)
        {
            return TeamProblems.NotFound(id);
        }

        var rows = await db.TeamMembers.AsNoTracking()
            .Where(m => m.TeamId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { Member = m, u.Email, u.DisplayName })
            .OrderBy(r => r.Member.JoinedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => Response(r.Member, r.Email, r.DisplayName)).ToList());
    }

    private static async Task<IResult> AddAsync(
        Guid id, AddTeamMemberRequest request, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization,
        SpendingLimitsDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        if (!access.CanManage)
        {
            return access.Refusal(id);
        }

        var errors = new Dictionary<string, string[]>();
        if (!TeamRoles.TryParse(request.Role ?? "member", out var role))
        {
            errors["role"] = ["The role is `owner` or `member`."];
        }

        var email = request.Email?.Trim();
        if (request.UserId is null && string.IsNullOrEmpty(email))
        {
            errors["userId"] = ["Name the user by `userId` or `email`."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var normalized = email?.ToUpperInvariant();
        var user = request.UserId is { } userId
            ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
            : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [request.UserId is null ? "email" : "userId"] = ["There is no such user."],
            });
        }

        if (await db.TeamMembers.AnyAsync(m => m.TeamId == id && m.UserId == user.Id, cancellationToken))
        {
            return TeamProblems.Conflict("The user is already in the team.");
        }

        var member = new TeamMember { TeamId = id, UserId = user.Id, Role = role, JoinedAt = time.GetUtcNow().UtcDateTime };
        db.TeamMembers.Add(member);
        await db.SaveChangesAsync(cancellationToken);
        await directory.ChangedAsync(cancellationToken);
        return TypedResults.Created($"/api/teams/{id}/members/{user.Id}", Response(member, user.Email, user.DisplayName));
    }

    private static async Task<IResult> UpdateAsync(
        Guid id, Guid userId, UpdateTeamMemberRequest request, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        if (!access.CanManage)
        {
            return access.Refusal(id);
        }

        if (!TeamRoles.TryParse(request.Role, out var role))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["role"] = ["The role is `owner` or `member`."] });
        }

        if (await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == id && m.UserId == userId, cancellationToken) is not { } member)
        {
            return TeamProblems.NoSuch("member", userId);
        }

        member.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, cancellationToken);
        return TypedResults.Ok(Response(member, user.Email, user.DisplayName));
    }

    private static async Task<IResult> RemoveAsync(
        Guid id, Guid userId, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, SpendingLimitsDirectory directory, CancellationToken cancellationToken)
    {
        var access = await TeamAccess.OfAsync(principal, id, db, authorization, cancellationToken);
        if (!access.CanManage)
        {
            return access.Refusal(id);
        }

        if (await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == id && m.UserId == userId, cancellationToken) is not { } member)
        {
            return TeamProblems.NoSuch("member", userId);
        }

        db.TeamMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        await directory.ChangedAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static TeamMemberResponse Response(TeamMember member, string? email, string displayName) =>
        new(member.UserId, email, displayName, TeamRoles.Name(member.Role), StoredTime.AsUtc(member.JoinedAt));
}
