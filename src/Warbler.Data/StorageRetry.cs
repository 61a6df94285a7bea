namespace Warbler.Data;

/// <summary>
/// Writes that must not be lost when the database is out of reach for a while (the end of a bot
/// reply, whose text exists nowhere else): tried again, with growing pauses, until the database is
/// back. Other failures, and a failure once <c>stopping</c> is cancelled, are thrown.
/// </summary>
public static class StorageRetry
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause: once the database is back, a write waits at most this long.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="attempt"/> until it succeeds; it is run again as a whole, so it must be safe to repeat.</summary>
    /// <param name="attempt">The write.</param>
    /// <param name="failed">Told of each failed attempt and the pause before the next one.</param>
    /// <param name="time">The clock of the pauses.</param>
    /// <param name="stopping">The server stopping: the next failure is thrown.</param>
    public static async Task WhileUnavailableAsync(Func<Task> attempt, Action<Exception, TimeSpan> failed, TimeProvider time, CancellationToken stopping)
    {
        var pause = FirstPause;
        while (true)
        {
            try
            {
                await attempt();
                return;
            }
            catch (Exception exception) when (StorageFailure.IsUnavailable(exception) && !stopping.IsCancellationRequested)
            {
                failed(exception, pause);
            }

            try
            {
                await Task.Delay(pause, time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // One last attempt, whose failure is thrown.
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
        }
    }
}
