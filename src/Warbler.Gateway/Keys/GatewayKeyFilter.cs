using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;

namespace Warbler.Gateway.Keys;

/// <summary>Lets a <c>/v1</c> request through only with a live key, answering 401 in OpenAI's shape otherwise.</summary>
internal sealed class GatewayKeyFilter(KeyAuthenticator authenticator, IKeyLimiter limiter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ValueTask writing;
        try
        {
            var key = authenticator.Authenticate(context.HttpContext.Request);
            context.HttpContext.SetCallerKey(key);

            // Every answer to a key carries its rate-limit headers; admitting a completion updates them.
            writing = limiter.WriteCurrentHeadersAsync(key, context.HttpContext.Response, context.HttpContext.RequestAborted);
        }
        catch (OpenAIErrorException exception)
        {
            return ValueTask.FromResult<object?>(OpenAIErrorResult.From(exception));
        }

        // Counters in memory answer at once: no state machine on that path.
        return writing.IsCompletedSuccessfully ? next(context) : AfterHeadersAsync(writing, context, next);
    }

    private static async ValueTask<object?> AfterHeadersAsync(ValueTask writing, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await writing;
        }
        catch (OpenAIErrorException exception)
        {
            return OpenAIErrorResult.From(exception);
        }

        return await next(context);
    }
}
