using System.Buffers;
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
internal sealed class RelayResult(UpstreamAnswer answer, RelayRequest request, long maxResponseBytes) : IResult
{
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
        var services = httpContext.RequestServices;
        var logger = services.GetRequiredService<ILogger<RelayResult>>();
        var time = services.GetRequiredService<TimeProvider>();
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                await WriteUpstreamErrorAsync(httpContext, time, cancellationToken);
            }
            else if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                await new SseRelay(answer, request, outcome, services.GetRequiredService<UsageEstimator>(), time, logger).RelayAsync(httpContext, cancellationToken);
            }
            else
            {
                await RelayWholeAsync(httpContext, outcome, services.GetRequiredService<UsageEstimator>(), time, cancellationToken);
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
        var body = new ArrayBufferWriter<byte>(4096);
        try
        {
            await UpstreamBody.ReadAllAsync(answer, body, maxResponseBytes, time, cancellationToken);
        }
        catch (UpstreamBody.TooLargeException)
        {
            await new OpenAIErrorResult(OpenAIError.BadGateway($"Provider '{answer.Provider.Name}' sent an answer larger than {maxResponseBytes} bytes.")).ExecuteAsync(httpContext);
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UpstreamTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var error = exception is UpstreamTimeoutException
                ? OpenAIError.GatewayTimeout($"Provider '{answer.Provider.Name}' did not send its whole answer: {exception.Message}.")
                : OpenAIError.BadGateway($"Provider '{answer.Provider.Name}' broke off its answer: {exception.Message}");
            await new OpenAIErrorResult(error).ExecuteAsync(httpContext);
            return;
        }

        var facts = AnswerFacts.Read(body.WrittenSpan);
        outcome.AnsweredModel = facts.Model;
        outcome.Usage = facts.Usage;
        if (outcome.Usage is null)
        {
            // An upstream that reports no usage is counted by Warbler's tokenizer.
            estimator.EstimateWhole(outcome, request.Body.Span, body.WrittenSpan);
        }

        var bytes = request.Transform is null ? body.WrittenMemory : request.Transform.TransformBody(body.WrittenSpan);
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
        foreach (var header in (string[])["x-request-id", "apim-request-id"])
        {
            if (response.Headers.TryGetValues(header, out var values) && values.FirstOrDefault() is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }
}
