using Warbler.Gateway.Keys;
using Warbler.Gateway.Limits;
using Warbler.Gateway.Pricing;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Usage;

/// <summary>
/// Closes the books on every completion request once its answer has gone out: settles its
/// rate-limit lease with the tokens really used, and gives it one usage record (refusals
/// included, with no tokens), queued, never waited for.
/// </summary>
internal sealed class CompletionAccountingFilter(UsageWriter writer, PriceTable prices, TimeProvider time) : IEndpointFilter
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
            Settle(context.HttpContext, CostOf(context.HttpContext.Features.Get<RelayOutcome>()));
            throw;
        }

        return result is IResult inner ? new RecordingResult(inner, this, started) : result;
    }

    private decimal? CostOf(RelayOutcome? outcome) =>
        outcome is null || prices.IsEmpty ? null : prices.CostOf(outcome.Model, outcome.AnsweredModel, outcome.Usage);

    private static void Settle(HttpContext httpContext, decimal? cost) =>
        httpContext.Features.Get<RateLimitLease>()?.Settle(httpContext.Features.Get<RelayOutcome>()?.Usage?.TotalTokens ?? 0, cost ?? 0);

    private void Record(HttpContext httpContext, long started)
    {
        var outcome = httpContext.Features.Get<RelayOutcome>();
        var cost = CostOf(outcome);
        Settle(httpContext, cost);
        if (outcome is null || httpContext.User.FindGatewayKey() is not { } key)
        {
            return;
        }

        var status = httpContext.RequestAborted.IsCancellationRequested ? StatusCodes.Status499ClientClosedRequest : httpContext.Response.StatusCode;
        writer.Enqueue(OutcomeUsageRecord.Create(outcome, httpContext.TraceIdentifier, key.Id, status, cost, started, time));
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
