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
            return TypedResults.Problem(exception.Error.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        // Unreachable: a key that authenticates was let through above.
        return Forbidden();
    }

    private IResult Forbidden() => TypedResults.Problem(
        acceptAdminUsers ? "This endpoint needs an admin: a user with the admin role, or the admin key." : "This endpoint needs the admin key.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden");
}
