using Warbler.Gateway.Keys;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Accounting;

/// <summary>
/// Closes the books on every completion request once its answer has gone out, through
/// <see cref="CallAccounting"/> as in-process calls are: settles its rate-limit lease with the
/// tokens really used, and gives it one usage record (refusals included, with no tokens).
/// </summary>
internal sealed class CompletionAccountingFilter(CallAccounting accounting, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = time.GetTimestamp();
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            accounting.Settle(context.HttpContext.Features.Get<GatewayCall>());
            throw;
        }

        return result is IResult inner ? new RecordingResult(inner, this, started) : result;
    }

    private void Record(HttpContext httpContext, long started)
    {
        var call = httpContext.Features.Get<GatewayCall>();
        if (call is null || httpContext.User.FindGatewayKey() is not { } key)
        {
            accounting.Settle(call);
            return;
        }

        var status = httpContext.RequestAborted.IsCancellationRequested ? StatusCodes.Status499ClientClosedRequest : httpContext.Response.StatusCode;
        accounting.Record(call, new CallerIds(httpContext.TraceIdentifier, key.Id), status, started);
    }

    /// <summary>Runs the endpoint's result, then records what it came to.</summary>
    private sealed class RecordingResult(IResult inner, CompletionAccountingFilter filter, long started) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                filter.Record(httpContext, started);
            }
        }
    }
}
