using System.Buffers;
using System.IO.Pipelines;
using Warbler.Gateway.Relay;

namespace Warbler.Gateway.InProcess;

/// <summary>
/// Reads a provider's streamed answer for an in-process call, text delta by text delta, noting the model, the
/// finish reason, the first chunk's time and the usage chunk on the way. A provider that goes
/// silent for its idle timeout, breaks the connection or puts an error in the stream ends the
/// reply with <see cref="Errors.GatewayErrorKind.UpstreamError"/>, as does one still sending when
/// its total time limit runs out. An upstream that ignores <c>stream</c> and answers whole is
/// read whole.
/// </summary>
internal sealed class ChatStreamReader : IAsyncDisposable
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> Done => "[DONE]"u8;

    private readonly UpstreamAnswer _answer;
    private readonly InProcessCall _call;
    private readonly TimeProvider _time;
    private readonly long _maxResponseBytes;
    private readonly CancellationToken _cancellationToken;
    private readonly AnswerClock _clock;
    private readonly Queue<string> _texts = new();
    private Stream? _stream;
    private PipeReader? _input;
    private bool _ended;

    public ChatStreamReader(UpstreamAnswer answer, InProcessCall call, TimeProvider time, long maxResponseBytes, CancellationToken cancellationToken)
    {
        _answer = answer;
        _call = call;
        _time = time;
        _maxResponseBytes = maxResponseBytes;
        _cancellationToken = cancellationToken;
        _clock = new AnswerClock(answer, time, cancellationToken);
    }

    private string Provider => _answer.Provider.Name;

    /// <summary>The next piece of text, or null when the answer has ended.</summary>
    public async ValueTask<string?> ReadAsync()
    {
        // Text already read is not handed out once the caller has stopped.
        _cancellationToken.ThrowIfCancellationRequested();
        try
        {
            while (_texts.Count == 0 && !_ended)
            {
                if (_input is null && !IsEventStream())
                {
                    await ReadWholeAsync();
                    break;
                }

                await ReadMoreAsync();
            }
        }
        catch (Exception exception) when (!_cancellationToken.IsCancellationRequested && exception is OperationCanceledException or IOException or HttpRequestException or UpstreamTimeoutException)
        {
            var reason = exception is OperationCanceledException ? $"it {_clock.Reason}" : exception.Message;
            throw _call.Fail(UpstreamFailure.BrokenOff(Provider, reason));
        }

        if (_texts.TryDequeue(out var text))
        {
            return text;
        }

        _call.Completed = true;
        return null;
    }

    private bool IsEventStream() => _answer.Response.Content.Headers.ContentType?.MediaType == "text/event-stream";

    private async Task ReadMoreAsync()
    {
        if (_input is null)
        {
            _stream = await _answer.Response.Content.ReadAsStreamAsync(_clock.Token);
            _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, leaveOpen: true));
        }

        _clock.RestartIdle();
        var read = await _input.ReadAsync(_clock.Token);
        var buffer = read.Buffer;
        while (!_ended && SseRelay.TryReadLine(ref buffer, out var line))
        {
            ReadLine(line);
        }

        _input.AdvanceTo(buffer.Start, buffer.End);
        _ended |= read.IsCompleted;
    }

    private void ReadLine(in ReadOnlySequence<byte> line)
    {
        var span = (line.IsSingleSegment ? line.FirstSpan : line.ToArray()).TrimEnd((byte)'\r');
        if (!span.StartsWith(DataPrefix))
        {
            return;
        }

        var payload = span[DataPrefix.Length..].Trim((byte)' ');
        if (payload.SequenceEqual(Done))
        {
            _ended = true;
            return;
        }

        Take(StreamChunk.Read(payload));
    }

    /// <summary>An upstream that answered whole despite <c>stream</c>: its text is one piece.</summary>
    private async Task ReadWholeAsync()
    {
        var body = new ArrayBufferWriter<byte>(4096);
        try
        {
            await UpstreamBody.ReadAllAsync(_answer, body, _maxResponseBytes, _time, _cancellationToken);
        }
        catch (UpstreamBody.TooLargeException)
        {
            throw _call.Fail(UpstreamFailure.BrokenOff(Provider, $"it sent an answer larger than {_maxResponseBytes} bytes"));
        }

        Take(StreamChunk.Read(body.WrittenSpan));
        _ended = true;
    }

    private void Take(StreamChunk chunk)
    {
        var outcome = _call.Call;
        if (outcome.FirstChunkAt is null)
        {
            outcome.FirstChunkAt = _time.GetTimestamp();
        }

        if (chunk.Error is { } error)
        {
            throw _call.Fail(UpstreamFailure.BrokenOff(Provider, $"it sent an error: {error}"));
        }

        outcome.AnsweredModel ??= chunk.Model;
        outcome.Usage = chunk.Usage ?? outcome.Usage;
        _call.FinishReason = chunk.FinishReason ?? _call.FinishReason;
        if (chunk.ToolCalls is { } pieces)
        {
            foreach (var piece in pieces)
            {
                _call.Delivered.Append(_call.ToolCalls.Add(piece));
            }
        }

        if (!string.IsNullOrEmpty(chunk.Content))
        {
            _texts.Enqueue(chunk.Content);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_input is not null)
        {
            await _input.CompleteAsync();
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync();
        }

        _clock.Dispose();
    }
}
