using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Warbler.Chat.Identity;
using Warbler.Gateway.Keys;

namespace Warbler.Chat.Auth;

/// <summary>
/// Lets users with the admin role (bearer token or cookie) use the gateway's <c>/api/admin</c>
/// routes, as <see cref="ChatPolicies.Admin"/> decides: the role is read from the database, so
/// revoking it counts at once.
/// </summary>
internal sealed class SignedInAdminCheck(IAuthorizationService authorization) : IAdminUserCheck
{
    public async Task<AdminUserStatus> CheckAsync(HttpContext context)
    {
        var signedIn = await context.AuthenticateAsync(ChatAuthSchemes.User);
        if (!signedIn.Succeeded)
        {
            return AdminUserStatus.NotSignedIn;
        }

        var user = signedIn.Principal;
        if ((await authorization.AuthorizeAsync(user, context, ChatPolicies.Admin)).Succeeded)
        {
            context.User = user;
            return AdminUserStatus.Admin;
        }

        return (await authorization.AuthorizeAsync(user, context, ChatPolicies.SignedIn)).Succeeded
            ? AdminUserStatus.NotAdmin
            : AdminUserStatus.NotSignedIn;
    }
}
