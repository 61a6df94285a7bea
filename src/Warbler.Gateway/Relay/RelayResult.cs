using Warbler.Gateway.Metering;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Writes an upstream answer to the client: whole answers are copied with their <c>usage</c> read
/// on the way, streams are relayed event by event as they arrive, and upstream errors go back
/// in OpenAI's shape with the upstream's message.
/// </summary>
internal sealed class RelayResult(UpstreamAnswer answer, RelayRequest request, long maxResponseBytes, RelayServices services) : IResult
{
    /// <summary>A whole answer's buffer to start with: room for a small answer and for the read that finds its end.</summary>
    private const int WholeBufferSize = 16 * 1024;

    private static readonly string[] UpstreamRequestIdHeaders = ["x-request-id", "apim-request-id"];

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var _ = answer;
        using var __ = request.BodyOwner;
        var response = answer.Response;
        var outcome = httpContext.Features.Get<GatewayCall>() ?? throw new InvalidOperationException("The request was relayed before it was checked.");
        outcome.Provider = answer.Provider.Name;
        outcome.UpstreamStatus = (int)response.StatusCode;
        if (TryGetUpstreamRequestId(response) is { } upstreamRequestId)
        {
            httpContext.Response.Headers["x-upstream-request-id"] = upstreamRequestId;
        }

        var cancellationToken = httpContext.RequestAborted;
        var logger = services.Logger;
        var time = services.Time;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                await WriteUpstreamErrorAsync(httpContext, time, cancellationToken);
            }
            else if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                await new SseRelay(answer, request, outcome, services.Estimator, time, logger).RelayAsync(httpContext, cancellationToken);
            }
            else
            {
                await RelayWholeAsync(httpContext, outcome, services.Estimator, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; disposing the answer aborts the upstream request.
            GatewayLog.ClientDisconnected(logger, answer.Provider.Name);
        }

        GatewayLog.Relayed(logger, answer.Provider.Name, outcome.UpstreamStatus, outcome.Usage?.PromptTokens, outcome.Usage?.CompletionTokens);
    }

    private async Task RelayWholeAsync(HttpContext httpContext, GatewayCall outcome, UsageEstimator estimator, TimeProvider time, CancellationToken cancellationToken)
    {
        using var body = new PooledBuffer(WholeBufferSize);
        if (!await UpstreamBody.TryReadAllAsync(answer, body, maxResponseBytes, time, httpContext, cancellationToken))
        {
            return;
        }

        var facts = request.Dialect is { } dialect ? dialect.ReadWhole(body.WrittenSpan) : AnswerFacts.Read(body.WrittenSpan);
        outcome.AnsweredModel = facts.Model;
        outcome.Usage = facts.Usage;
        if (outcome.Usage is null && request.CountPromptTokens is { } count)
        {
            var counted = count();
            outcome.Usage = new TokenUsage(counted, 0, counted, 0);
            outcome.Estimated = true;
        }
        else if (outcome.Usage is null)
        {
            // An upstream that reports no usage is counted by Warbler's tokenizer.
            estimator.EstimateWhole(outcome, request.Body.Span, body.WrittenSpan);
        }

        var bytes = request.Transform is null ? body.WrittenMemory : request.Transform.TransformBody(body.WrittenSpan, outcome.Usage);
        if (request.Keeper is { } keeper)
        {
            if (request.Transform is null)
            {
                keeper.Whole(bytes.Span);
            }

            // Kept before it is sent: the client's next request finds it.
            await keeper.Saving;
        }

        httpContext.Response.StatusCode = (int)answer.Response.StatusCode;
        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = bytes.Length;
        AnswerEnding.Announce(httpContext);
        await httpContext.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Relays an upstream's error with its status; 5xx become 502 (or stay 503/504) naming the provider.</summary>
    private async Task WriteUpstreamErrorAsync(HttpContext httpContext, TimeProvider time, CancellationToken cancellationToken)
    {
        var failure = await UpstreamFailure.ReadAsync(answer, time, cancellationToken);
        if (!failure.RelayBody)
        {
            await new OpenAIErrorResult(failure.Error, failure.RetryAfter).ExecuteAsync(httpContext);
            return;
        }

        // A route of another error dialect gets the upstream's own words in its format, or its body
        // as it is when the upstream speaks that dialect (Anthropic's own errors on /v1/messages).
        var dialect = ErrorDialectMetadata.Of(httpContext);
        if (dialect != ErrorDialect.OpenAI && failure.BodyDialect != dialect)
        {
            await new OpenAIErrorResult(failure.Error with { Message = failure.ProviderMessage ?? failure.Error.Message }, failure.RetryAfter).ExecuteAsync(httpContext);
            return;
        }

        httpContext.Response.StatusCode = failure.Error.StatusCode;
        if (failure.RetryAfter is { } wait)
        {
            RetryAfter.Write(httpContext.Response, wait);
        }

        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = failure.Body.Length;
        AnswerEnding.Announce(httpContext);
        await httpContext.Response.Body.WriteAsync(failure.Body, cancellationToken);
    }

    private static string? TryGetUpstreamRequestId(HttpResponseMessage response)
    {
        foreach (var header in UpstreamRequestIdHeaders)
        {
            // The non-validated view reads the header as it came, without parsing or copying it.
            if (response.Headers.NonValidated.TryGetValues(header, out var values) && FirstOf(values) is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }

    private static string? FirstOf(System.Net.Http.Headers.HeaderStringValues values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return null;
    }
}
