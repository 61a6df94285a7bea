using System.Buffers;

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

    public sealed class TooLargeException : Exception;
}
