using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Warbler.Data.Users;

namespace Warbler.Chat.Auth;

/// <summary>
/// <c>/api/auth</c>: Identity's own endpoints (register, login, refresh, confirmEmail, forgotPassword,
/// resetPassword, manage/info, manage/2fa), with sign-in requests rate limited per address.
/// </summary>
internal static class AuthApi
{
    public const string Prefix = "/api/auth";

    private static readonly string[] RateLimitedPaths = ["/login", "/register", "/refresh"];

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(Prefix)
            .WithTags("Auth")
            .MapIdentityApi<WarblerUser>()
            .Add(endpoint =>
            {
                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern }
                    && RateLimitedPaths.Any(path => pattern.EndsWith(path, StringComparison.OrdinalIgnoreCase)))
                {
                    endpoint.Metadata.Add(new EnableRateLimitingAttribute(LoginRateLimiting.PolicyName));
                }
            });

        // Identity's endpoints have no sign-out: a web app signed in with ?useCookies=true needs one.
        // A bearer token cannot be withdrawn; its holder just forgets it.
        app.MapPost($"{Prefix}/logout", (Delegate)SignOutAsync).WithTags("Auth")
            .WithSummary("Sign out (cookie)")
            .WithDescription("Ends a cookie session. A bearer token cannot be withdrawn: its holder just forgets it.");
        return app;
    }
}
