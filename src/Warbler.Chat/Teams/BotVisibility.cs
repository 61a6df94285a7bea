using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Users;
using Warbler.Data;
using Warbler.Data.Bots;

namespace Warbler.Chat.Teams;

/// <summary>
/// A bot limited to teams is there only for their members (and admins): it is not listed for
/// anyone else, cannot be added to rooms by them, and does not answer them, even in a room that
/// a member added it to. A bot limited to no team is everyone's.
/// </summary>
internal static class BotVisibility
{
    /// <summary>The ids of the bots limited to teams none of which <paramref name="userId"/> is in.</summary>
    public static IQueryable<Guid> HiddenFrom(WarblerDbContext db, Guid userId) =>
        db.BotTeams
            .Where(bt => !db.BotTeams.Any(mine => mine.BotId == bt.BotId && db.TeamMembers.Any(m => m.TeamId == mine.TeamId && m.UserId == userId)))
            .Select(bt => bt.BotId)
            .Distinct();

    /// <summary>Those of <paramref name="bots"/> that <paramref name="userId"/> may use.</summary>
    public static async Task<List<Bot>> UsableAsync(WarblerDbContext db, Guid userId, List<Bot> bots, CancellationToken cancellationToken)
    {
        if (bots.Count == 0)
        {
            return bots;
        }

        var ids = bots.Select(b => b.Id).ToList();
        var hidden = await HiddenFrom(db, userId).Where(id => ids.Contains(id)).ToListAsync(cancellationToken);
        if (hidden.Count == 0 || await IsAdminAsync(db, userId, cancellationToken))
        {
            return bots;
        }

        return bots.Where(b => !hidden.Contains(b.Id)).ToList();
    }

    public static Task<bool> IsAdminAsync(WarblerDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == ChatRoles.Admin), cancellationToken);
}
