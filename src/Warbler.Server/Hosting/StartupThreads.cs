namespace Warbler.Server.Hosting;

/// <summary>
/// More thread-pool threads from the start, for the first minute. A fresh server compiles its code
/// as requests first reach it, and SQLite's reads run synchronously on the pool's threads; the pool
/// starts with one thread a core and adds more only slowly while those are busy, so the first
/// people to send after a start (an upgrade, a crash) waited for one another: on 2 cores, the
/// chat load's first 10 s had an acknowledgement p99 of 135–159 ms, and 51–67 ms with a floor of
/// 16 threads (docs/benchmarks.md, "The chat load"). Once warm, the floor goes back to what it was,
/// so a busy relay does not run more threads than it needs.
/// </summary>
internal static class StartupThreads
{
    public const int Floor = 16;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Held here: a timer nothing refers to may be collected before it fires.
    private static ITimer? s_restore;

    /// <summary>Raises the pool's minimum of worker threads to <see cref="Floor"/> (if lower) until <see cref="Window"/> has passed.</summary>
    public static void RaiseForAWhile(TimeProvider time)
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers >= Floor || !ThreadPool.SetMinThreads(Floor, completionPorts))
        {
            return;
        }

        var restore = time.CreateTimer(_ => ThreadPool.SetMinThreads(workers, completionPorts), null, Window, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref s_restore, restore)?.Dispose();
    }
}
