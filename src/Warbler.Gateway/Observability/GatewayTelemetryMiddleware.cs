using System.Diagnostics;
using Warbler.Gateway.Configuration;
using Warbler.Gateway.Metering;

namespace Warbler.Gateway.Observability;

/// <summary>
/// Traces and measures every completion request (<c>POST /v1/…</c>). Its relay activity is current
/// while the upstream is called, so the HTTP calls become its children; once the answer has gone
/// out it records the request, its duration and its tokens from the request's <see cref="GatewayCall"/>,
/// as <see cref="Accounting.CallAccounting"/> does for in-process calls.
/// </summary>
internal sealed class GatewayTelemetryMiddleware(RequestDelegate next, GatewayMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments(GatewayPaths.Prefix))
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        using var activity = GatewayTracing.Source.StartActivity(GatewayTracing.RelayActivityName);
        var threw = false;
        try
        {
            await next(context);
        }
        catch
        {
            threw = true;
            throw;
        }
        finally
        {
            Record(context, activity, time.GetElapsedTime(started), threw);
        }
    }

    private void Record(HttpContext context, Activity? activity, TimeSpan duration, bool threw)
    {
        // The outcome exists once a key holder's body was read, so unauthenticated callers cannot
        // invent model labels; the OpenTelemetry SDK also caps the label sets of each metric.
        var outcome = context.Features.Get<GatewayCall>();
        var model = outcome?.Model ?? GatewayTags.None;
        var provider = outcome?.Provider ?? GatewayTags.None;
        var status = StatusOf(context, threw);

        metrics.RecordCall(model, provider, status, duration, outcome?.Usage, activity);
    }

    /// <summary>The status the client got: 499 when it went away first, as the usage records say.</summary>
    private static int StatusOf(HttpContext context, bool threw)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return StatusCodes.Status499ClientClosedRequest;
        }

        return threw && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
    }
}
