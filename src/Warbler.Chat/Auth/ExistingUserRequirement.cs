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
/// <remarks>
/// The database context comes from a scope of its own, returned as soon as the check is done: the
/// request's scope lives as long as the request, and a hub connection is one request that lasts
/// for hours, which would hold a context per connection.
/// </remarks>
internal sealed class ExistingUserRequirementHandler(IServiceScopeFactory scopes) : AuthorizationHandler<ExistingUserRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ExistingUserRequirement requirement)
    {
        var cancellationToken = (context.Resource as HttpContext)?.RequestAborted ?? CancellationToken.None;
        if (!Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        if (await db.Users.AnyAsync(u => u.Id == id, cancellationToken))
        {
            context.Succeed(requirement);
        }
    }
}
