using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Keys;

/// <summary>Lets a <c>/v1</c> request through only with a live key, answering 401 in OpenAI's shape otherwise.</summary>
internal sealed class GatewayKeyFilter(KeyAuthenticator authenticator) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            context.HttpContext.SetCallerKey(authenticator.Authenticate(context.HttpContext.Request));
        }
        catch (OpenAIErrorException exception)
        {
            return ValueTask.FromResult<object?>(OpenAIErrorResult.From(exception));
        }

        return next(context);
    }
}
