using System.Diagnostics;

namespace Warbler.Bench.Im;

/// <summary>Every time in the benchmark is a <see cref="Stopwatch"/> timestamp of this one process.</summary>
internal static class Clock
{
    public static long Now() => Stopwatch.GetTimestamp();

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static double SecondsSince(long from) => Ms(from, Now()) / 1000.0;
}
