using Microsoft.AspNetCore.Builder;
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
        return app;
    }
}
