using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Logging;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Relays an upstream server-sent-event stream line by line, flushing after every read so chunks
/// reach the client as they arrive. It reads the <c>usage</c> chunk as it passes. If the upstream
/// breaks or goes silent after the stream has started, the client gets an error event in
/// OpenAI's shape and the stream ends, so nothing hangs.
/// </summary>
internal sealed class SseRelay(UpstreamAnswer answer, IResponseTransform? transform, RelayOutcome outcome, TimeProvider time, ILogger logger)
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    private static ReadOnlySpan<byte> UsageMarker => "\"usage\""u8;

    public async Task RelayAsync(HttpContext httpContext, CancellationToken cancellationToken)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();

        var output = response.BodyWriter;
        var idle = answer.Provider.Timeouts.Idle;
        using var idleTimer = new CancellationTokenSource(idle, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleTimer.Token);
        await using var stream = await answer.Response.Content.ReadAsStreamAsync(cancellationToken);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        var sawDone = false;
        try
        {
            while (true)
            {
                idleTimer.CancelAfter(idle);
                var read = await input.ReadAsync(linked.Token);
                var buffer = read.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    sawDone |= WriteLine(line, output);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                await output.FlushAsync(cancellationToken);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException or HttpRequestException)
        {
            var reason = exception is OperationCanceledException
                ? $"it sent nothing for {idle.TotalSeconds:0.###} s"
                : exception.Message;
            await WriteErrorEventAsync(output, reason, cancellationToken);
            return;
        }
        finally
        {
            await input.CompleteAsync();
        }

        if (!sawDone)
        {
            GatewayLog.StreamEndedWithoutDone(logger, answer.Provider.Name);
        }
    }

    /// <summary>Copies one line, rewriting <c>data:</c> payloads when transforming; true for <c>data: [DONE]</c>.</summary>
    private bool WriteLine(in ReadOnlySequence<byte> line, PipeWriter output)
    {
        var span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (span.Length > 0 && span[^1] == (byte)'\r')
        {
            span = span[..^1];
        }

        if (!span.StartsWith(DataPrefix))
        {
            output.Write(span);
            output.Write("\n"u8);
            return false;
        }

        var payload = span[DataPrefix.Length..].TrimStart((byte)' ');
        if (payload.SequenceEqual(Done))
        {
            output.Write("data: [DONE]\n"u8);
            return true;
        }

        if (payload.IndexOf(UsageMarker) >= 0 && Usage.Find(payload) is { } usage)
        {
            outcome.Usage = usage;
        }

        if (transform is null)
        {
            output.Write(span);
        }
        else
        {
            output.Write("data: "u8);
            transform.TransformChunk(payload, output);
        }

        output.Write("\n"u8);
        return false;
    }

    private async Task WriteErrorEventAsync(PipeWriter output, string reason, CancellationToken cancellationToken)
    {
        var message = $"Provider '{answer.Provider.Name}' broke off the stream: {reason}.";
        outcome.StreamError = message;
        GatewayLog.StreamBroken(logger, answer.Provider.Name, reason);
        output.Write("\n"u8);
        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions))
        {
            OpenAIError.BadGateway(message).WriteTo(writer);
        }

        output.Write("\n\n"u8);
        await output.FlushAsync(cancellationToken);
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(buffer.GetPosition(1, end));
        return true;
    }
}
