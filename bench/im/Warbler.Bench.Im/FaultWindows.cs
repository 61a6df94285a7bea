using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// One window of a fault injected into the soak, in seconds after the soak's start. An error from
/// <see cref="Start"/> to <see cref="End"/> plus <see cref="Grace"/> (the time Warbler documents for
/// recovering from it) is the fault's.
/// </summary>
internal sealed record FaultWindow(string Kind, double Start, double End, double Grace)
{
    public bool Covers(double at) => at >= Start && at <= End + Grace;
}

internal static class FaultWindows
{
    /// <summary>
    /// Reads the windows bench/faults.sh wrote as they ended: "KIND START END GRACE", times in Unix
    /// seconds; lines starting with # are comments. None when there is no file.
    /// </summary>
    public static List<FaultWindow> Read(string? path, double soakStartedUnix)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        var windows = new List<FaultWindow>();
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double Number(int i) => fields.Length == 4 && double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new BenchException($"{path}: '{line}' is not a fault window (KIND START END GRACE).");
            windows.Add(new FaultWindow(fields[0], Number(1) - soakStartedUnix, Number(2) - soakStartedUnix, Number(3)));
        }

        return windows;
    }

    /// <summary>The window an error at <paramref name="at"/> belongs to: of those covering it, the latest to start.</summary>
    public static FaultWindow? Covering(this IEnumerable<FaultWindow> windows, double at) =>
        windows.Where(w => w.Covers(at)).MaxBy(w => w.Start);
}
