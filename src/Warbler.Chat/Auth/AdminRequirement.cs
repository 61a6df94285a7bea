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
internal sealed class AdminRequirementHandler(UserManager<WarblerUser> users) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (context.User.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == ChatAuthSchemes.AdminKey))
        {
            context.Succeed(requirement);
            return;
        }

        if (users.GetUserId(context.User) is { } id
            && await users.FindByIdAsync(id) is { } user
            && await users.IsInRoleAsync(user, ChatRoles.Admin))
        {
            context.Succeed(requirement);
        }
    }
}
