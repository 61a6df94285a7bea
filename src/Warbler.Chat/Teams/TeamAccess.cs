using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Data;
using Warbler.Data.Teams;

namespace Warbler.Chat.Teams;

/// <summary>
/// What the caller may do with one team. As with rooms, a team the caller may not read answers
/// 404, as if it did not exist; a member who may read it but not manage it gets 403.
/// </summary>
internal sealed record TeamAccess(Team? Team, bool IsAdmin, Guid? UserId, TeamRole? Role)
{
    public bool CanRead => Team is not null && (IsAdmin || Role is not null);

    public bool CanManage => Team is not null && (IsAdmin || Role == TeamRole.Owner);

    public static async Task<TeamAccess> OfAsync(ClaimsPrincipal principal, Guid teamId, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == teamId, cancellationToken);
        var isAdmin = await IsAdminAsync(principal, authorization);
        var userId = UserIdOf(principal);
        TeamRole? role = null;
        if (team is not null && userId is { } id && await db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == id, cancellationToken) is { } member)
        {
            role = member.Role;
        }

        return new TeamAccess(team, isAdmin, userId, role);
    }

    /// <summary>An admin: the admin key, or a user in the admin role (checked against the database).</summary>
    public static async Task<bool> IsAdminAsync(ClaimsPrincipal principal, IAuthorizationService authorization) =>
        (await authorization.AuthorizeAsync(principal, ChatPolicies.Admin)).Succeeded;

    /// <summary>The signed-in user's id; null for the admin key, which is nobody.</summary>
    public static Guid? UserIdOf(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>The answer for a caller who may not do what they asked: 404 for a team they cannot read, 403 for one they may only read.</summary>
    public IResult Refusal(Guid teamId) => CanRead
        ? TypedResults.Problem("Only the team's owners and admins may manage it.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden")
        : TeamProblems.NotFound(teamId);
}
