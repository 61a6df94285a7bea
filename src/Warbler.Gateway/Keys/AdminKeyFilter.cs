using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Keys;

/// <summary>Lets an <c>/api/admin</c> request through only with the admin key; errors are ProblemDetails.</summary>
internal sealed class AdminKeyFilter(KeyAuthenticator authenticator) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        CallerKey key;
        try
        {
            key = authenticator.Authenticate(context.HttpContext.Request);
        }
        catch (OpenAIErrorException exception)
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                exception.Error.Message, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"));
        }

        if (!key.IsAdmin)
        {
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                "This endpoint needs the admin key.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden"));
        }

        context.HttpContext.SetCallerKey(key);
        return next(context);
    }
}
