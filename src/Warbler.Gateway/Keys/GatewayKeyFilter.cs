using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;

namespace Warbler.Gateway.Keys;

/// <summary>Lets a <c>/v1</c> request through only with a live key, answering 401 in OpenAI's shape otherwise.</summary>
internal sealed class GatewayKeyFilter(KeyAuthenticator authenticator, KeyRateLimiter limiter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            var key = authenticator.Authenticate(context.HttpContext.Request);
            context.HttpContext.SetCallerKey(key);

            // Every answer to a key carries its rate-limit headers; admitting a completion updates them.
            limiter.WriteCurrentHeaders(key, context.HttpContext.Response);
        }
        catch (OpenAIErrorException exception)
        {
            return ValueTask.FromResult<object?>(OpenAIErrorResult.From(exception));
        }

        return next(context);
    }
}
