using Warbler.Gateway.Errors;
using Warbler.Gateway.Keys;

namespace Warbler.Gateway.Limits;

/// <summary>
/// Every <c>/v1</c> answer to a key carries its <c>x-ratelimit-*</c> headers; admitting a completion
/// updates them. Authorization has found the key by then: this only reads it.
/// </summary>
internal sealed class RateLimitHeadersFilter(IKeyLimiter limiter) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var httpContext = context.HttpContext;
        var writing = limiter.WriteCurrentHeadersAsync(httpContext.User.GetGatewayKey(), httpContext.Response, httpContext.RequestAborted);

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
