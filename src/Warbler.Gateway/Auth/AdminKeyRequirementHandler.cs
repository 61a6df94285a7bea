using Microsoft.AspNetCore.Authorization;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Auth;

/// <summary>Meets <see cref="AdminRequirement"/> for the admin key.</summary>
internal sealed class AdminKeyRequirementHandler : AuthorizationHandler<AdminRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (context.User.FindGatewayKey() is { IsAdmin: true })
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
