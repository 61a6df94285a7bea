using Warbler.Gateway.Logging;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.Media;

/// <summary>
/// Writes an images, audio or moderations answer: JSON and text answers whole, with what they used
/// read on the way; binary audio streamed through as it arrives, with the upstream's content type.
/// Errors and event streams go the way chat's do (<see cref="RelayResult"/>).
/// </summary>
internal sealed class MediaRelayResult(UpstreamAnswer answer, MediaRequest request, Requests.RequestBody body, long maxResponseBytes, RelayServices services) : IResult
{
    private const int CopyBufferSize = 16 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = answer.Response;
        var outcome = httpContext.Features.Get<GatewayCall>() ?? throw new InvalidOperationException("The request was relayed before it was checked.");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!response.IsSuccessStatusCode || mediaType == "text/event-stream")
        {
            if (response.IsSuccessStatusCode)
            {
                CountSpeech(outcome);
            }

            await new RelayResult(answer, new RelayRequest(body.Memory, body, null, false), maxResponseBytes, services).ExecuteAsync(httpContext);
            return;
        }

        using var _ = answer;
        using var __ = body;
        outcome.Provider = answer.Provider.Name;
        outcome.UpstreamStatus = (int)response.StatusCode;
        if (response.Headers.NonValidated.TryGetValues("x-request-id", out var ids))
        {
            httpContext.Response.Headers["x-upstream-request-id"] = ids.ToString();
        }

        var cancellationToken = httpContext.RequestAborted;
        try
        {
            if (mediaType == "application/json" || mediaType?.StartsWith("text/", StringComparison.Ordinal) == true)
            {
                await RelayWholeAsync(httpContext, outcome, mediaType, cancellationToken);
            }
            else
            {
                await StreamThroughAsync(httpContext, outcome, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            GatewayLog.ClientDisconnected(services.Logger, answer.Provider.Name);
        }

        GatewayLog.Relayed(services.Logger, answer.Provider.Name, outcome.UpstreamStatus, outcome.Usage?.PromptTokens, outcome.Usage?.CompletionTokens);
    }

    private async Task RelayWholeAsync(HttpContext httpContext, GatewayCall outcome, string mediaType, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBuffer(CopyBufferSize);
        if (!await UpstreamBody.TryReadAllAsync(answer, buffer, maxResponseBytes, services.Time, httpContext, cancellationToken))
        {
            return;
        }

        MediaUsage.Read(outcome, request, buffer.WrittenSpan, mediaType);
        httpContext.Response.StatusCode = (int)answer.Response.StatusCode;
        httpContext.Response.ContentType = answer.Response.Content.Headers.ContentType!.ToString();
        httpContext.Response.ContentLength = buffer.WrittenMemory.Length;
        AnswerEnding.Announce(httpContext);
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Audio goes out as it comes in; once it has begun, a broken upstream can only break the client's connection too.</summary>
    private async Task StreamThroughAsync(HttpContext httpContext, GatewayCall outcome, CancellationToken cancellationToken)
    {
        CountSpeech(outcome);
        httpContext.Response.StatusCode = (int)answer.Response.StatusCode;
        httpContext.Response.ContentType = answer.Response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
        await using var upstream = await answer.Response.Content.ReadAsStreamAsync(cancellationToken);
        var chunk = new byte[CopyBufferSize];
        try
        {
            int read;
            while ((read = await upstream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                await httpContext.Response.Body.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
                await httpContext.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.StreamBroken(services.Logger, answer.Provider.Name, exception.Message);
            outcome.StreamError = exception.Message;
            httpContext.Abort();
        }
    }

    private void CountSpeech(GatewayCall outcome)
    {
        if (request.SpeechCharacters is { } characters)
        {
            (outcome.Quantity, outcome.Unit) = (characters, UsageUnits.Characters);
        }
    }
}
