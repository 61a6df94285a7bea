namespace Warbler.Bench.Im;

/// <summary>Nearest-rank percentiles of a set of values (milliseconds, unless said otherwise).</summary>
internal sealed record Percentiles(int Count, double Min, double P50, double P90, double P99, double Max, double Mean)
{
    public static readonly Percentiles Empty = new(0, 0, 0, 0, 0, 0, 0);

    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        Array.Sort(sorted);
        return new Percentiles(sorted.Length, sorted[0], Rank(sorted, 50), Rank(sorted, 90), Rank(sorted, 99), sorted[^1], sorted.Average());
    }

    private static double Rank(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
