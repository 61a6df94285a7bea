using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Accounting;

/// <summary>
/// Closes the books on every completion request once its answer has gone out, through
/// <see cref="CallAccounting"/> as in-process calls are: settles its rate-limit lease with the
/// tokens really used, and gives it one usage record (refusals included, with no tokens).
/// </summary>
internal sealed class CompletionAccountingFilter(CallAccounting accounting, IOptions<UsageOptions> options, SpendingLimitsDirectory directory, TimeProvider time) : IEndpointFilter
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

    /// <summary>Records the request; false when its record could not be journalled and the operator asked for such answers to be cut off.</summary>
    private bool Record(HttpContext httpContext, long started)
    {
        var call = httpContext.Features.Get<GatewayCall>();
        if (call is null || httpContext.User.FindGatewayKey() is not { } key)
        {
            accounting.Settle(call);
            return true;
        }

        var status = httpContext.RequestAborted.IsCancellationRequested ? StatusCodes.Status499ClientClosedRequest : httpContext.Response.StatusCode;
        var (user, team) = directory.ChargeOf(key);
        return accounting.Record(call, new CallerIds(httpContext.TraceIdentifier, key.Id, user, TeamId: team), status, started)
            || options.Value.OnJournalFailure == JournalFailureMode.Serve;
    }

    /// <summary>
    /// Runs the endpoint's result, and records what it came to before the answer ends: just before
    /// a whole answer is written (<see cref="AnswerEnding"/>), or once a stream's last event is
    /// written, before the response is completed.
    /// </summary>
    private sealed class RecordingResult(IResult inner, CompletionAccountingFilter filter, long started) : IResult, IAnswerEnding
    {
        private bool _recorded;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            if (httpContext.Features.Get<GatewayCall>() is { } call)
            {
                call.AnswerEnding = this;
            }

            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                Ending(httpContext);
            }
        }

        public void Ending(HttpContext httpContext)
        {
            if (_recorded)
            {
                return;
            }

            _recorded = true;
            if (!filter.Record(httpContext, started))
            {
                // Fail closed: the client gets no whole answer that has no record.
                httpContext.Abort();
            }
        }
    }
}
