using Microsoft.EntityFrameworkCore;
using Warbler.Data;

namespace Warbler.Gateway.Admin;

/// <summary>Checks the user and team a new key is to belong to exist: a key of nobody that exists would count against no one's limits.</summary>
internal static class KeyOwners
{
    public static async Task ValidateAsync(Dictionary<string, string[]> errors, WarblerDbContext db, Guid? ownerUserId, Guid? teamId, CancellationToken cancellationToken)
    {
        if (ownerUserId is { } owner && !await db.Users.AnyAsync(u => u.Id == owner, cancellationToken))
        {
            errors["ownerUserId"] = [$"There is no user {owner}."];
        }

        if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            errors["teamId"] = [$"There is no team {team}."];
        }
    }
}
