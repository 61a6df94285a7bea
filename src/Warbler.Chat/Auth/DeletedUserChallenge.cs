using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Warbler.Chat.Auth;

/// <summary>
/// Answers the token of a deleted user with 401, as a missing token is answered, rather than the
/// 403 that a signed-in user refused something gets: whoever holds it is signed in as nobody.
/// </summary>
internal sealed class DeletedUserChallenge : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure is { } failure
            && (failure.FailedRequirements.OfType<ExistingUserRequirement>().Any() || failure.FailureReasons.OfType<UserGoneReason>().Any()))
        {
            authorizeResult = PolicyAuthorizationResult.Challenge();
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
