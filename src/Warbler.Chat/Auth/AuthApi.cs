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

    /// <summary>Summaries for the API reference, since Identity's endpoints carry none.</summary>
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["POST /register"] = "Sign up with an email and a password",
        ["POST /login"] = "Sign in: an access token and a refresh token, or with ?useCookies=true a cookie",
        ["POST /refresh"] = "Renew an access token with the refresh token",
        ["GET /confirmEmail"] = "Confirm an email address (the link sent by email)",
        ["POST /resendConfirmationEmail"] = "Send the confirmation email again",
        ["POST /forgotPassword"] = "Send a password reset code by email",
        ["POST /resetPassword"] = "Set a new password with the reset code",
        ["POST /manage/2fa"] = "Set up or change two-factor authentication",
        ["GET /manage/info"] = "Get the signed-in user's email and whether it is confirmed",
        ["POST /manage/info"] = "Change the signed-in user's email or password",
    };

    private static async Task<NoContent> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
        return TypedResults.NoContent();
    }

    /// <param name="app">The routes.</param>
    /// <param name="identityConventions">Added to Identity's endpoints, such as a filter that turns password sign-up off.</param>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app, Action<IEndpointConventionBuilder>? identityConventions = null)
    {
        var identity = app.MapGroup(Prefix)
            .WithTags("Auth")
            .MapIdentityApi<WarblerUser>();
        identityConventions?.Invoke(identity);
        identity
            .AddEndpointFilter(new RequiredFieldsFilter())
            .Add(endpoint =>
            {
                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern }
                    && RateLimitedPaths.Any(path => pattern.EndsWith(path, StringComparison.OrdinalIgnoreCase)))
                {
                    endpoint.Metadata.Add(new EnableRateLimitingAttribute(LoginRateLimiting.PolicyName));
                }

                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } raw }
                    && endpoint.Metadata.OfType<IHttpMethodMetadata>().FirstOrDefault()?.HttpMethods is [var method]
                    && Summaries.TryGetValue($"{method} {(raw.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? raw[Prefix.Length..] : raw)}", out var summary))
                {
                    endpoint.Metadata.Add(new EndpointSummaryAttribute(summary));
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
