using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Keys;

/// <summary>
/// Lets an <c>/api/admin</c> request through only with the admin key or, when
/// <paramref name="acceptAdminUsers"/>, a signed-in user with the admin role (see
/// <see cref="IAdminUserCheck"/>); errors are ProblemDetails.
/// </summary>
internal sealed class AdminKeyFilter(bool acceptAdminUsers) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var authenticator = httpContext.RequestServices.GetRequiredService<KeyAuthenticator>();
        if (await authenticator.TryAuthenticateAsync(httpContext.Request) is { } key)
        {
            if (!key.IsAdmin)
            {
                return Forbidden();
            }

            httpContext.SetCallerKey(key);
            return await next(context);
        }

        if (acceptAdminUsers && httpContext.RequestServices.GetService<IAdminUserCheck>() is { } users)
        {
            switch (await users.CheckAsync(httpContext))
            {
                case AdminUserStatus.Admin:
                    return await next(context);
                case AdminUserStatus.NotAdmin:
                    return Forbidden();
            }
        }

        try
        {
            await authenticator.AuthenticateAsync(httpContext.Request);
        }
        catch (OpenAIErrorException exception)
        {
            // The authenticator's words for a secret that is no key speak of /v1; here, say what this endpoint takes.
            var detail = KeyAuthenticator.PresentsOtherSecret(httpContext.Request)
                ? acceptAdminUsers
                    ? "This endpoint needs the admin key, or a signed-in user with the admin role; the credential sent is neither a Warbler key nor a valid sign-in."
                    : "This endpoint needs the admin key; the credential sent is not a Warbler key."
                : exception.Error.Message;
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        // Unreachable: a key that authenticates was let through above.
        return Forbidden();
    }

    private IResult Forbidden() => TypedResults.Problem(
        acceptAdminUsers ? "This endpoint needs an admin: a user with the admin role, or the admin key." : "This endpoint needs the admin key.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden");
}
