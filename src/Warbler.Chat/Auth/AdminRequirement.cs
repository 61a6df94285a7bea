using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Warbler.Chat.Users;
using Warbler.Data.Users;

namespace Warbler.Chat.Auth;

/// <summary>The caller is an admin now: the admin key, or a user who has the role in the database.</summary>
internal sealed class AdminRequirement : IAuthorizationRequirement;

/// <summary>
/// Reads the role from the database rather than the token, so granting or revoking it counts at
/// once, not only after the user's token is renewed.
/// </summary>
/// <remarks>
/// Every authorization resolves every handler, so this one is a singleton and takes the user
/// manager (and its database context) from a short scope only when the policy asks for an admin;
/// otherwise each hub connection, a request that lasts for hours, would hold one.
/// </remarks>
internal sealed class AdminRequirementHandler(IServiceScopeFactory scopes) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (context.User.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == ChatAuthSchemes.AdminKey))
        {
            context.Succeed(requirement);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WarblerUser>>();
        if (users.GetUserId(context.User) is { } id
            && await users.FindByIdAsync(id) is { } user
            && await users.IsInRoleAsync(user, ChatRoles.Admin))
        {
            context.Succeed(requirement);
        }
    }
}
