using Microsoft.AspNetCore.Authorization;
using Warbler.Chat.Identity;
using Warbler.Gateway.Keys;

namespace Warbler.Chat.Auth;

/// <summary>
/// Says what to do in the 401 and 403 answers that authentication leaves empty (the server's
/// status-code pages then write them as ProblemDetails). Answers that have a detail keep it.
/// </summary>
internal static class AuthProblemDetails
{
    private const string UserCredential =
        "a user's access token ('Authorization: Bearer ACCESS_TOKEN' with a token from POST /api/auth/login) or the cookie it sets with ?useCookies=true";

    public static IServiceCollection AddAuthProblemDetails(this IServiceCollection services) =>
        services.Configure<ProblemDetailsOptions>(options =>
        {
            var earlier = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                var request = context.HttpContext.Request;
                if (context.ProblemDetails.Detail is not null || !(request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/chat")))
                {
                    return;
                }

                context.ProblemDetails.Detail = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status401Unauthorized when KeyCredentials.PresentsWarblerKey(request) =>
                        "The credential sent is a Warbler key (wk-...): gateway keys are for the OpenAI-compatible API under /v1 (and the admin key for /api/admin). " +
                        $"This route takes {WhatRouteTakes(context.HttpContext)}.",
                    StatusCodes.Status401Unauthorized =>
                        "Sign in first: send 'Authorization: Bearer ACCESS_TOKEN' with a token from POST /api/auth/login, or the cookie it sets with ?useCookies=true.",
                    StatusCodes.Status403Forbidden => "This needs an admin: a user with the admin role, or the admin key.",
                    _ => null,
                };
            };
        });

    /// <summary>The credentials the route's policy accepts: a signed-in user always, the admin key where the policy names its scheme.</summary>
    private static string WhatRouteTakes(HttpContext context)
    {
        var policies = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList() ?? [];
        if (policies.Contains(ChatPolicies.Admin))
        {
            return "the admin key, or the access token or cookie of a user with the admin role (from POST /api/auth/login)";
        }

        return policies.Contains(ChatPolicies.SignedInOrAdminKey) ? $"{UserCredential}, or the admin key" : UserCredential;
    }
}
