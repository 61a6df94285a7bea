using System.Buffers;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Relay;

/// <summary>Reads a whole upstream body, within a size limit and the provider's idle and total timeouts.</summary>
internal static class UpstreamBody
{
    /// <exception cref="TooLargeException">The body is longer than <paramref name="limit"/>.</exception>
    /// <exception cref="UpstreamTimeoutException">The upstream went silent for its idle timeout, or had not finished within its total time limit.</exception>
    public static async Task ReadAllAsync(UpstreamAnswer answer, IBufferWriter<byte> output, long limit, TimeProvider time, CancellationToken cancellationToken)
    {
        using var clock = new AnswerClock(answer, time, cancellationToken);
        long written = 0;
        try
        {
            await using var stream = await answer.Response.Content.ReadAsStreamAsync(clock.Token);
            while (true)
            {
                clock.RestartIdle();
                var read = await stream.ReadAsync(output.GetMemory(8192), clock.Token);
                if (read == 0)
                {
                    return;
                }

                output.Advance(read);
                written += read;
                if (written > limit)
                {
                    throw new TooLargeException();
                }
            }
        }
        catch (OperationCanceledException) when (clock.TimedOut && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamTimeoutException($"it {clock.Reason}");
        }
    }

    /// <summary>
    /// Reads the whole answer into <paramref name="output"/>; when it is too large, breaks off or
    /// times out, writes the error the client gets instead (502 or 504 naming the provider) and returns false.
    /// </summary>
    public static async Task<bool> TryReadAllAsync(
        UpstreamAnswer answer, IBufferWriter<byte> output, long limit, TimeProvider time, HttpContext httpContext, CancellationToken cancellationToken)
    {
        OpenAIError error;
        try
        {
            await ReadAllAsync(answer, output, limit, time, cancellationToken);
            return true;
        }
        catch (TooLargeException)
        {
            error = OpenAIError.BadGateway($"Provider '{answer.Provider.Name}' sent an answer larger than {limit} bytes.");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UpstreamTimeoutException && !cancellationToken.IsCancellationRequested)
        {
            error = exception is UpstreamTimeoutException
                ? OpenAIError.GatewayTimeout($"Provider '{answer.Provider.Name}' did not send its whole answer: {exception.Message}.")
                : OpenAIError.BadGateway($"Provider '{answer.Provider.Name}' broke off its answer: {exception.Message}");
        }

        await new OpenAIErrorResult(error).ExecuteAsync(httpContext);
        return false;
    }

    public sealed class TooLargeException : Exception;
}
