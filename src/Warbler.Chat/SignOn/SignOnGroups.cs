using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Users;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Data.Users;
using Warbler.Gateway.Limits;

namespace Warbler.Chat.SignOn;

/// <summary>
/// Applies the groups claim at every sign-in: the admin role (when <c>AdminGroups</c> is set) and the
/// teams it maps to. Only memberships a sign-on gave (<see cref="TeamMember.FromSignOn"/>) are taken
/// away; memberships given by hand stay.
/// </summary>
internal sealed class SignOnGroups(UserManager<WarblerUser> users, WarblerDbContext db, SpendingLimitsDirectory limits, TimeProvider time, ILogger<SignOnGroups> logger)
{
    public async Task ApplyAsync(string provider, SignOnProvider settings, WarblerUser user, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        if (settings.AdminGroups.Count > 0)
        {
            await ApplyAdminAsync(provider, settings, user, groups);
        }

        if (settings.TeamGroups.Count > 0 || settings.TeamsFromGroups)
        {
            await ApplyTeamsAsync(provider, settings, user, groups, cancellationToken);
        }
    }

    private async Task ApplyAdminAsync(string provider, SignOnProvider settings, WarblerUser user, IReadOnlyList<string> groups)
    {
        var admin = groups.Any(g => settings.AdminGroups.Contains(g, StringComparer.Ordinal));
        var isAdmin = await users.IsInRoleAsync(user, ChatRoles.Admin);
        if (admin && !isAdmin)
        {
            await users.AddToRoleAsync(user, ChatRoles.Admin);
            SignOnLog.AdminRoleChanged(logger, provider, "given to", user.Id);
        }
        else if (!admin && isAdmin)
        {
            await users.RemoveFromRoleAsync(user, ChatRoles.Admin);
            SignOnLog.AdminRoleChanged(logger, provider, "taken from", user.Id);
        }
    }

    private async Task ApplyTeamsAsync(string provider, SignOnProvider settings, WarblerUser user, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var names = groups
            .Select(g => settings.TeamGroups.TryGetValue(g, out var team) ? team : settings.TeamsFromGroups ? g : null)
            .OfType<string>()
            .Select(n => n.ToLowerInvariant())
            .Distinct()
            .ToList();
        var teams = names.Count == 0
            ? []
            : await db.Teams.Where(t => names.Contains(t.Name.ToLower())).Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        foreach (var missing in names.Except(teams.Select(t => t.Name.ToLowerInvariant())))
        {
            SignOnLog.TeamMissing(logger, provider, missing, user.Id);
        }

        var memberships = await db.TeamMembers.Where(m => m.UserId == user.Id).ToListAsync(cancellationToken);
        var wanted = teams.Select(t => t.Id).ToHashSet();
        var joined = 0;
        foreach (var teamId in wanted.Where(id => memberships.All(m => m.TeamId != id)))
        {
            db.TeamMembers.Add(new TeamMember { TeamId = teamId, UserId = user.Id, Role = TeamRole.Member, FromSignOn = true, JoinedAt = time.GetUtcNow().UtcDateTime });
            joined++;
        }

        var gone = memberships.Where(m => m.FromSignOn && !wanted.Contains(m.TeamId)).ToList();
        db.TeamMembers.RemoveRange(gone);
        if (joined > 0 || gone.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            SignOnLog.TeamsChanged(logger, provider, user.Id, joined, gone.Count);

            // The team the user's calls are charged to follows at once, on every server.
            await limits.ChangedAsync(cancellationToken);
        }
    }
}
