namespace Warbler.Bench.Im;

/// <summary>
/// The soak's refusals set against the injected faults: per kind, its windows, what was refused in
/// them and how long after each window the refused operations succeeded again (after their last
/// refusal); a refusal outside every window is a real error.
/// </summary>
internal static class FaultAnalysis
{
    public static FaultsResult Analyse(IReadOnlyList<FaultWindow> windows, IReadOnlyList<SoakIncident> log)
    {
        var refusals = log.Where(e => e.Error is not null).ToList();
        var outside = refusals.Where(e => windows.Covering(e.At) is null).ToList();
        var kinds = windows.GroupBy(w => w.Kind).Select(g => AnalyseKind(g.Key, [.. g], windows, log)).ToList();
        var examples = outside.GroupBy(e => $"{e.Operation}: {e.Error}")
            .OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Count()} × {g.Key}").ToList();
        return new FaultsResult(kinds, outside.Count, examples);
    }

    private static FaultKindResult AnalyseKind(string kind, List<FaultWindow> ofKind, IReadOnlyList<FaultWindow> all, IReadOnlyList<SoakIncident> log)
    {
        var refused = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var recovery = 0.0;
        var unrecovered = new List<string>();
        foreach (var window in ofKind)
        {
            foreach (var operation in log.Where(e => e.Error is not null && all.Covering(e.At) == window).GroupBy(e => e.Operation))
            {
                refused[operation.Key] = refused.GetValueOrDefault(operation.Key) + operation.Count();
                var after = Math.Max(window.End, operation.Max(e => e.At));
                var back = log.Where(e => e.Error is null && e.Operation == operation.Key && e.At > after).Select(e => (double?)e.At).Min();
                if (back is { } at)
                {
                    recovery = Math.Max(recovery, at - window.End);
                }
                else
                {
                    unrecovered.Add($"{operation.Key} after the {kind} fault at {window.Start:0} s");
                }
            }
        }

        return new FaultKindResult(kind, ofKind.Count, refused, recovery, unrecovered);
    }
}

/// <summary>Per fault kind what happened; ErrorsOutside counts the refusals outside every window (OutsideExamples: the most frequent, with counts).</summary>
internal sealed record FaultsResult(List<FaultKindResult> Kinds, int ErrorsOutside, List<string> OutsideExamples);

/// <summary>
/// One kind of fault: its windows, the refusals per operation inside them (grace included), the
/// longest time from a window's end to the first success of a refused operation after its last
/// refusal, and the operations that never succeeded again.
/// </summary>
internal sealed record FaultKindResult(string Kind, int Windows, SortedDictionary<string, int> Refused, double RecoverySeconds, List<string> Unrecovered);
