using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Warbler.Gateway.Metering;
using Warbler.Gateway.Errors;
using Warbler.Gateway.Logging;
using Warbler.Gateway.Usage;

namespace Warbler.Gateway.Relay;

/// <summary>
/// Relays an upstream server-sent-event stream line by line, flushing after every read so chunks
/// reach the client as they arrive. It reads the <c>usage</c> chunk as it passes, and passes it
/// on only to clients that asked for it. When no usage arrives (the upstream sends none, breaks
/// off, or the client goes away) the text the client received is counted instead. If the upstream
/// breaks, goes silent or runs past its total time limit after the stream has started, the client
/// gets an error event in OpenAI's shape and the stream ends, so nothing hangs.
/// With a <see cref="RelayRequest.Translator"/> the chunks are rewritten into another dialect's
/// events as they pass (its opening events first, its closing ones with the usage at the end,
/// and its own error event), with the same clock, usage capture and estimation. With a
/// <see cref="RelayRequest.Dialect"/> a stream of another dialect relayed as it is (Anthropic
/// Messages) has its model and usage read by that dialect, and its error event in that dialect.
/// </summary>
internal sealed class SseRelay(UpstreamAnswer answer, RelayRequest request, GatewayCall outcome, UsageEstimator estimator, TimeProvider time, ILogger logger)
{
    /// <summary>Every payload passed on to the client, one per line, in case its tokens must be counted.</summary>
    private readonly ArrayBufferWriter<byte> _delivered = new(4096);
    private bool _skipBlankLine;

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
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            await CopyAsync(response.BodyWriter, cancellationToken);
        }
        finally
        {
            EstimateIfUnreported();
        }
    }

    private async Task CopyAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        using var clock = new AnswerClock(answer, time, cancellationToken);
        await using var stream = await answer.Response.Content.ReadAsStreamAsync(cancellationToken);
        var input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        var sawDone = false;
        var translator = request.Translator;
        try
        {
            if (translator is not null)
            {
                translator.WriteStart(output);
                await output.FlushAsync(cancellationToken);
            }

            while (true)
            {
                clock.RestartIdle();
                var read = await input.ReadAsync(clock.Token);
                var buffer = read.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    sawDone |= WriteLine(line, output);
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                await KeptAsync();
                await output.FlushAsync(cancellationToken);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException or HttpRequestException)
        {
            var timedOut = exception is OperationCanceledException;
            var reason = timedOut ? $"it {clock.Reason}" : exception.Message;
            var message = timedOut && clock.TotalTimedOut
                ? $"Provider '{answer.Provider.Name}' did not finish the stream in time: {reason}."
                : $"Provider '{answer.Provider.Name}' broke off the stream: {reason}.";
            await WriteErrorEventAsync(output, message, reason, cancellationToken);
            return;
        }
        finally
        {
            await input.CompleteAsync();
        }

        if (!sawDone && !request.EndsWithoutDone)
        {
            GatewayLog.StreamEndedWithoutDone(logger, answer.Provider.Name);
        }

        if (translator is not null)
        {
            // The closing events carry the usage, so an upstream that sent none is counted first.
            EstimateIfUnreported();
            translator.WriteEnd(outcome.Usage, output);
            await KeptAsync();
            await output.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Waits for a finished answer to be kept before its last event, written meanwhile, is flushed.</summary>
    private Task KeptAsync() => request.Keeper?.Saving ?? Task.CompletedTask;

    private void EstimateIfUnreported()
    {
        if (outcome.Usage is null)
        {
            // Counts the prompt and the text the client received; the record is marked estimated.
            estimator.EstimateStreamed(outcome, request.Body.Span, _delivered.WrittenSpan);
            request.Dialect?.AmendEstimate(outcome);
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

        var translator = request.Translator;
        if (!span.StartsWith(DataPrefix))
        {
            if (translator is not null)
            {
                // The translator writes whole events; the upstream's framing is not passed on.
                return false;
            }

            if (span.IsEmpty && _skipBlankLine)
            {
                _skipBlankLine = false;
                return false;
            }

            output.Write(span);
            output.Write("\n"u8);
            return false;
        }

        var payload = span[DataPrefix.Length..].TrimStart((byte)' ');
        if (payload.SequenceEqual(Done))
        {
            if (translator is null)
            {
                output.Write("data: [DONE]\n"u8);
            }

            return true;
        }

        var dialect = request.Dialect;
        if (outcome.FirstChunkAt is null)
        {
            outcome.FirstChunkAt = time.GetTimestamp();
            if (dialect is null)
            {
                outcome.AnsweredModel = AnswerFacts.Read(payload).Model;
            }
        }

        if (dialect is not null)
        {
            dialect.ReadEvent(payload, outcome);
        }
        else if (payload.IndexOf(UsageMarker) >= 0 && AnswerFacts.Read(payload) is { Usage: { } usage } facts)
        {
            outcome.Usage = usage;
            if (facts.ChoicesEmpty && (!request.ClientWantsUsage || translator is not null))
            {
                // Warbler asked for this chunk for its own accounting; the client did not.
                _skipBlankLine = true;
                return false;
            }
        }

        _delivered.Write(payload);
        _delivered.Write("\n"u8);
        if (translator is not null)
        {
            translator.WriteChunk(payload, output);
            return false;
        }

        request.Keeper?.Event(payload);
        if (request.Transform is null)
        {
            output.Write(span);
        }
        else
        {
            output.Write("data: "u8);
            request.Transform.TransformChunk(payload, output);
        }

        output.Write("\n"u8);
        return false;
    }

    private async Task WriteErrorEventAsync(PipeWriter output, string message, string reason, CancellationToken cancellationToken)
    {
        outcome.StreamError = message;
        GatewayLog.StreamBroken(logger, answer.Provider.Name, reason);
        output.Write("\n"u8);
        if (request.Translator is { } translator)
        {
            translator.WriteError(message, output);
            await KeptAsync();
            await output.FlushAsync(cancellationToken);
            return;
        }

        if (request.Dialect is { } dialect)
        {
            dialect.WriteError(message, output);
            await output.FlushAsync(cancellationToken);
            return;
        }

        output.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions))
        {
            OpenAIError.BadGateway(message).WriteTo(writer);
        }

        output.Write("\n\n"u8);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>Takes one line (without its <c>\n</c>) off the front of <paramref name="buffer"/>; false when no whole line is there yet.</summary>
    internal static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
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
