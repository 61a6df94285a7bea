using System.Buffers;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Writes an upstream answer to the client: whole answers are copied with their <c>usage</c> read
/// on the way, streams are relayed event by event as they arrive, and upstream errors go back
/// in OpenAI's shape with the upstream's message.
/// </summary>
public sealed class RelayResult(UpstreamAnswer answer, RelayRequest request, long maxResponseBytes) : IResult
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var _ = answer;
        using var __ = request.BodyOwner;
        var response = answer.Response;
        var outcome = httpContext.Features.Get<RelayOutcome>() ?? throw new InvalidOperationException("The request was relayed before it was checked.");
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

    private async Task RelayWholeAsync(HttpContext httpContext, RelayOutcome outcome, UsageEstimator estimator, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        try
        {
            await ReadAllAsync(body, maxResponseBytes, time, cancellationToken);
        }
        catch (ResponseTooLargeException)
        {
            await new OpenAIErrorResult(OpenAIError.BadGateway($"Provider '{answer.Provider.Name}' sent an answer larger than {maxResponseBytes} bytes.")).ExecuteAsync(httpContext);
            return;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UpstreamTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var error = exception is UpstreamTimeoutException
                ? OpenAIError.GatewayTimeout($"Provider '{answer.Provider.Name}' stopped sending its answer: {exception.Message}.")
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
            var model = facts.Model ?? outcome.Model;
            var prompt = estimator.PromptTokens(model, request.Body.Span);
            var completion = estimator.CompletionTokens(model, body.WrittenSpan);
            outcome.Usage = new TokenUsage(prompt, completion, prompt + completion, 0);
            outcome.Estimated = true;
        }

        var bytes = request.Transform is null ? body.WrittenMemory : request.Transform.TransformBody(body.WrittenSpan);
        httpContext.Response.StatusCode = (int)answer.Response.StatusCode;
        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = bytes.Length;
        await httpContext.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Relays an upstream's error with its status; 5xx become 502 (or stay 503/504) naming the provider.</summary>
    private async Task WriteUpstreamErrorAsync(HttpContext httpContext, TimeProvider time, CancellationToken cancellationToken)
    {
        var upstream = answer.Response;
        var status = (int)upstream.StatusCode;
        var body = new ArrayBufferWriter<byte>(1024);
        try
        {
            await ReadAllAsync(body, MaxErrorBodyBytes, time, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UpstreamTimeoutException or ResponseTooLargeException && !cancellationToken.IsCancellationRequested)
        {
            // The status says enough.
        }

        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            // The upstream refused Warbler's provider key, not the client's key. Its message is not
            // passed on: it may quote part of the provider key.
            await new OpenAIErrorResult(OpenAIError.BadGateway(
                $"Provider '{answer.Provider.Name}' refused Warbler's credentials with HTTP {status}. An operator should check that provider's API key.")).ExecuteAsync(httpContext);
            return;
        }

        var upstreamMessage = ReadErrorMessage(body.WrittenSpan);
        if (status < 500)
        {
            var retryAfter = RetryAfter.Read(upstream, time);
            if (upstreamMessage is not null && IsOpenAIError(body.WrittenSpan))
            {
                httpContext.Response.StatusCode = status;
                if (retryAfter is { } wait)
                {
                    RetryAfter.Write(httpContext.Response, wait);
                }

                httpContext.Response.ContentType = "application/json";
                httpContext.Response.ContentLength = body.WrittenCount;
                await httpContext.Response.Body.WriteAsync(body.WrittenMemory, cancellationToken);
                return;
            }

            var message = $"Provider '{answer.Provider.Name}' refused the request with HTTP {status}: {upstreamMessage ?? upstream.ReasonPhrase}";
            await new OpenAIErrorResult(new OpenAIError(status, message, "invalid_request_error", Code: "upstream_error"), retryAfter).ExecuteAsync(httpContext);
            return;
        }

        var failure = $"Provider '{answer.Provider.Name}' failed with HTTP {status}: {upstreamMessage ?? upstream.ReasonPhrase}";
        var error = status switch
        {
            503 => OpenAIError.Unavailable(failure),
            504 => OpenAIError.GatewayTimeout(failure),
            _ => OpenAIError.BadGateway(failure),
        };
        await new OpenAIErrorResult(error, status == 503 ? RetryAfter.Read(upstream, time) : null).ExecuteAsync(httpContext);
    }

    /// <summary>Reads the whole upstream body, giving up when it goes silent for the provider's idle timeout.</summary>
    private async Task ReadAllAsync(ArrayBufferWriter<byte> output, long limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var idle = answer.Provider.Timeouts.Idle;
        using var idleTimer = new CancellationTokenSource(idle, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token);
        await using var stream = await answer.Response.Content.ReadAsStreamAsync(linked.Token);
        try
        {
            while (true)
            {
                idleTimer.CancelAfter(idle);
                var read = await stream.ReadAsync(output.GetMemory(8192), linked.Token);
                if (read == 0)
                {
                    return;
                }

                output.Advance(read);
                if (output.WrittenCount > limit)
                {
                    throw new ResponseTooLargeException();
                }
            }
        }
        catch (OperationCanceledException) when (idleTimer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamTimeoutException($"silent for {idle.TotalSeconds:0.###} s");
        }
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

    private static bool IsOpenAIError(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The upstream's own words: <c>error.message</c>, <c>error</c> as a string, or short plain text.</summary>
    internal static string? ReadErrorMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var plain) && plain.ValueKind == JsonValueKind.String)
            {
                return plain.GetString();
            }
        }
        catch (JsonException)
        {
            var text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]).Trim();
            return text.Length > 0 ? text : null;
        }

        return null;
    }

    private sealed class ResponseTooLargeException : Exception;
}
