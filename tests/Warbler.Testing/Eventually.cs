using System.Diagnostics;

namespace Warbler.Testing;

/// <summary>
/// Waits for something a test cannot await (a row written in the background, a counter on another
/// server): checks the condition until it holds, returning as soon as it does, and fails with what
/// it waited for once the deadline has passed. Never a fixed sleep.
/// </summary>
public static class Eventually
{
    /// <summary>Generous, for a loaded machine; a condition that holds costs only its own time.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> is true; <paramref name="because"/> says what was awaited when it never is.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string because = "the condition to hold") =>
        UntilAsync(condition, () => because, timeout);

    public static Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string because = "the condition to hold") =>
        UntilAsync(() => Task.FromResult(condition()), () => because, timeout);

    /// <summary>As above, with a failure message made at the deadline (for one that shows the last state seen).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> because, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var pause = FirstPause;
        while (!await condition())
        {
            if (clock.Elapsed >= limit)
            {
                Assert.Fail($"Waited {limit.TotalSeconds} s for {because()}.");
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }
}
