using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Warbler.Chat.Users;
using Warbler.Data.Users;

namespace Warbler.Chat.Auth;

/// <summary>
/// <c>GET /api/auth/session</c>: whether the caller is signed in, answered 200 either way. A web app
/// asks it when it loads, as a visitor is not an error; <c>/api/me</c> keeps answering a visitor 401.
/// </summary>
internal static class SessionApi
{
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{AuthApi.Prefix}/session", GetAsync).AllowAnonymous().WithTags("Auth")
            .WithSummary("Whether the caller is signed in, and as whom")
            .WithDescription(
                "Always 200. Signed in (cookie or bearer token): `signedIn` is true and `user` is the user as `GET /api/me` shows it. " +
                "Otherwise (no credential, or one that expired, is forged or belongs to a deleted user): `signedIn` is false and `user` is null. " +
                "The gateway's admin key is not a user.");
        return app;
    }

    private static async Task<Ok<SessionResponse>> GetAsync(HttpContext context, UserManager<WarblerUser> users)
    {
        // The answer depends on the caller's credential: no cache may keep it for another.
        context.Response.Headers.CacheControl = "no-store";

        // The route authorizes nobody (a visitor is welcome), so the user scheme is asked here.
        var result = await context.AuthenticateAsync(ChatAuthSchemes.User);
        if (result.Principal is not { } principal || await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Ok(SessionResponse.SignedOut);
        }

        return TypedResults.Ok(new SessionResponse(true, UserResponse.From(user, await users.GetRolesAsync(user))));
    }
}
