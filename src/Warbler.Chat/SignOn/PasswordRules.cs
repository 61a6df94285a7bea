using Microsoft.AspNetCore.Http.HttpResults;

namespace Warbler.Chat.SignOn;

/// <summary>
/// Turns Identity's password routes off as <c>Auth:PasswordSignUp</c> and <c>Auth:PasswordSignIn</c>
/// say: registering (or signing in with a password) then answers 403 in the API's problem format.
/// </summary>
internal sealed class PasswordRules(IOptions<SignOnOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var path = context.HttpContext.Request.Path.Value ?? "";
        if (!options.Value.PasswordSignUp && path.EndsWith("/register", StringComparison.OrdinalIgnoreCase))
        {
            return Refused("Signing up with a password is turned off on this server (Auth:PasswordSignUp): sign in with single sign-on (GET /api/auth/providers lists the providers).");
        }

        if (!options.Value.PasswordSignIn && path.EndsWith("/login", StringComparison.OrdinalIgnoreCase))
        {
            return Refused("Signing in with a password is turned off on this server (Auth:PasswordSignIn): sign in with single sign-on (GET /api/auth/providers lists the providers).");
        }

        return await next(context);
    }

    private static ProblemHttpResult Refused(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden);
}
