using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Warbler.Chat.Users;
using Warbler.Data.Users;
using Warbler.Gateway.Auth;

namespace Warbler.Chat.Auth;

/// <summary>
/// Meets the gateway's <see cref="AdminRequirement"/> for a user with the admin role (the gateway's
/// own handler meets it for the admin key). The role is read from the database rather than the
/// token, so granting or revoking it counts at once, not only after the user's token is renewed.
/// </summary>
/// <remarks>
/// Every authorization resolves every handler, so this one is a singleton and takes the user
/// manager (and its database context) from a short scope only when the policy asks for an admin
/// and a user is signed in; otherwise each hub connection, a request that lasts for hours, would hold one.
/// </remarks>
internal sealed class AdminUserRequirementHandler(IServiceScopeFactory scopes) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (!context.PendingRequirements.Contains(requirement))
        {
            return; // met already: the admin key
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WarblerUser>>();
        if (users.GetUserId(context.User) is not { } id)
        {
            return;
        }

        if (await users.FindByIdAsync(id) is not { } user)
        {
            // A token outlives its user: whoever holds it is signed in as nobody (see DeletedUserChallenge).
            context.Fail(new UserGoneReason(this));
            return;
        }

        if (await users.IsInRoleAsync(user, ChatRoles.Admin))
        {
            context.Succeed(requirement);
        }
    }
}
