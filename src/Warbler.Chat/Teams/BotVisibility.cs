using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Users;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Gateway.Limits;

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

    /// <summary>
    /// Those of <paramref name="bots"/> that <paramref name="userId"/> may use, decided from the
    /// limits directory in memory (no query on a message's send path), and the admin role read
    /// only when a bot would be kept from them.
    /// </summary>
    public static async Task<List<Bot>> UsableAsync(WarblerDbContext db, SpendingLimitsDirectory directory, Guid userId, List<Bot> bots, CancellationToken cancellationToken)
    {
        if (bots.TrueForAll(b => directory.MayUseBot(userId, b.Id)) || await IsAdminAsync(db, userId, cancellationToken))
        {
            return bots;
        }

        return bots.Where(b => directory.MayUseBot(userId, b.Id)).ToList();
    }

    public static Task<bool> IsAdminAsync(WarblerDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == ChatRoles.Admin), cancellationToken);
}
