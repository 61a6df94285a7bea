using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Teams;
using Warbler.Data;
using Warbler.Data.Teams;

namespace Warbler.Chat.Teams;

internal static class TeamResponses
{
    public static TeamResponse From(Team team, TeamRole? role, int members) => new(
        team.Id, team.Name, team.Description, SpendingLimitsBodies.From(team.Limits), StoredTime.AsUtc(team.CreatedAt), role is { } r ? TeamRoles.Name(r) : null, members);

    public static async Task<TeamResponse> OfAsync(Team team, TeamRole? role, WarblerDbContext db, CancellationToken cancellationToken) =>
        From(team, role, await db.TeamMembers.CountAsync(m => m.TeamId == team.Id, cancellationToken));
}
