using Warbler.Gateway.Errors;
using Warbler.Gateway.Limits;

namespace Warbler.Gateway.Keys;

/// <summary>Lets a <c>/v1</c> request through only with a live key, answering 401 in OpenAI's shape otherwise.</summary>
internal sealed class GatewayKeyFilter(KeyAuthenticator authenticator, IKeyLimiter limiter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ValueTask<CallerKey> authenticating;
        try
        {
            authenticating = authenticator.AuthenticateAsync(context.HttpContext.Request);
        }
        catch (OpenAIErrorException exception)
        {
            return ValueTask.FromResult<object?>(OpenAIErrorResult.From(exception));
        }

        // A cached key and counters in memory answer at once: no state machine on that path.
        if (!authenticating.IsCompletedSuccessfully)
        {
            return SlowPathAsync(authenticating, context, next);
        }

        var writing = Admit(authenticating.Result, context.HttpContext);
        return writing.IsCompletedSuccessfully ? next(context) : AfterHeadersAsync(writing, context, next);
    }

    // Every answer to a key carries its rate-limit headers; admitting a completion updates them.
    private ValueTask Admit(CallerKey key, HttpContext httpContext)
    {
        httpContext.SetCallerKey(key);
        return limiter.WriteCurrentHeadersAsync(key, httpContext.Response, httpContext.RequestAborted);
    }

    private async ValueTask<object?> SlowPathAsync(ValueTask<CallerKey> authenticating, EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await Admit(await authenticating, context.HttpContext);
        }
        catch (OpenAIErrorException exception)
        {
            return OpenAIErrorResult.From(exception);
        }

        return await next(context);
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
