using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Bots;

namespace Warbler.Chat.Teams;

/// <summary>The bots <c>/api/bots</c> shows a caller: all of them to admins, and to users those <see cref="BotVisibility"/> lets them use.</summary>
internal static class BotListing
{
    public static async Task<IQueryable<Bot>> VisibleAsync(ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization)
    {
        var bots = db.Bots.AsNoTracking();
        if (TeamAccess.UserIdOf(principal) is not { } userId || await TeamAccess.IsAdminAsync(principal, authorization))
        {
            return bots;
        }

        var hidden = BotVisibility.HiddenFrom(db, userId);
        return bots.Where(b => !hidden.Contains(b.Id));
    }
}
