using System.Buffers;

namespace Warbler.Gateway.Relay;

/// <summary>Reads a whole upstream body, within a size limit and the provider's idle timeout.</summary>
internal static class UpstreamBody
{
    /// <exception cref="TooLargeException">The body is longer than <paramref name="limit"/>.</exception>
    /// <exception cref="UpstreamTimeoutException">The upstream went silent for its idle timeout.</exception>
    public static async Task ReadAllAsync(UpstreamAnswer answer, ArrayBufferWriter<byte> output, long limit, TimeProvider time, CancellationToken cancellationToken)
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
                    throw new TooLargeException();
                }
            }
        }
        catch (OperationCanceledException) when (idleTimer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UpstreamTimeoutException($"silent for {idle.TotalSeconds:0.###} s");
        }
    }

    public sealed class TooLargeException : Exception;
}
