namespace Warbler.Chat.Auth;

/// <summary>
/// Says what to do in the 401 and 403 answers that authentication leaves empty (the server's
/// status-code pages then write them as ProblemDetails). Answers that have a detail keep it.
/// </summary>
internal static class AuthProblemDetails
{
    public static IServiceCollection AddAuthProblemDetails(this IServiceCollection services) =>
        services.Configure<ProblemDetailsOptions>(options =>
        {
            var earlier = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                earlier?.Invoke(context);
                if (context.ProblemDetails.Detail is not null || !context.HttpContext.Request.Path.StartsWithSegments("/api"))
                {
                    return;
                }

                context.ProblemDetails.Detail = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status401Unauthorized =>
                        "Sign in first: send 'Authorization: Bearer ACCESS_TOKEN' with a token from POST /api/auth/login, or the cookie it sets with ?useCookies=true.",
                    StatusCodes.Status403Forbidden => "This needs an admin: a user with the admin role, or the admin key.",
                    _ => null,
                };
            };
        });
}
