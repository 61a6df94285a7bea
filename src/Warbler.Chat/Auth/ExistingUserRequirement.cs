using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Warbler.Data;

namespace Warbler.Chat.Auth;

/// <summary>The signed-in user still exists.</summary>
internal sealed class ExistingUserRequirement : IAuthorizationRequirement;

/// <summary>
/// A bearer token outlives the user it was issued to (until it expires); checked against the
/// database, a deleted user's token opens nothing.
/// </summary>
internal sealed class ExistingUserRequirementHandler(WarblerDbContext db) : AuthorizationHandler<ExistingUserRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ExistingUserRequirement requirement)
    {
        var cancellationToken = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        if (Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            && await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            context.Succeed(requirement);
        }
    }
}
