using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Warbler.Bench.Im;

/// <summary>The chat load's summary (chatload.txt) and raw figures (chatload.json).</summary>
internal static class ChatLoadReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The target (issue 17): p99 under 50 ms on a quiet machine, the first 10 s after a start included.</summary>
    private const double TargetP99Ms = 50;

    public static string Summary(ChatLoadResult r)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"(f) chat load: {r.Users} users in rooms of {r.RoomSize}, {r.Rate} messages/s for {r.DurationSeconds:0} s, a bot mention every {r.BotEvery}{(r.Killed ? ", SIGKILL half way" : "")}");
        if (r.Aborted is not null)
        {
            Line($"    !!! aborted: {r.Aborted}");
        }

        Line($"    server start to first answer: {string.Join(", ", r.StartSeconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture) + " s"))}; hub connections {r.ConnectSeconds:0.0} s");
        Line($"    sent {r.Sent}, acknowledged {r.Acked}, failed {r.Failed.Count}");
        Line($"    acknowledgement   {Row(r.Overall)}{Target(r.Overall)}");
        Line($"    first 10 s        {Row(r.FirstSeconds)}{Target(r.FirstSeconds)}");
        if (r.AfterRestart is { } after)
        {
            Line($"    10 s after kill   {Row(after)}{Target(after)}");
        }

        if (r.CaughtByKill is { } caught)
        {
            Line($"    waited out kill   {caught.Count} sends, retried until acknowledged, max {caught.Max:0} ms");
        }

        Line($"    slowest: {string.Join("; ", r.Slowest)}");
        Line($"    read back: {r.Lost.Count} acknowledged lost, {r.Doubled.Count} doubled, {r.StoredUnacknowledged} stored unacknowledged; bot replies {string.Join(", ", r.Replies.OrderBy(p => p.Key).Select(p => $"{p.Value} {p.Key}"))}");
        foreach (var problem in r.Errors.Concat(r.Failed.Take(5).Select(f => $"failed send {f}")).Concat(r.Lost.Take(5).Select(l => $"lost {l}")).Concat(r.Doubled.Take(5).Select(d => $"doubled {d}")))
        {
            Line($"    !!! {problem}");
        }

        Line($"    {(r.Passed ? "PASS: nothing lost, doubled or left unfinished" : "FAIL")}");
        return text.ToString();
    }

    public static async Task WriteAsync(string? directory, ChatLoadResult result, string summary)
    {
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "chatload.txt"), summary);
        await File.WriteAllTextAsync(Path.Combine(directory, "chatload.json"), JsonSerializer.Serialize(result, Json));
    }

    private static string Row(Percentiles p) => string.Create(CultureInfo.InvariantCulture, $"n={p.Count,5}  p50 {p.P50,6:0.0} ms  p99 {p.P99,6:0.0} ms  max {p.Max,6:0.0} ms");

    private static string Target(Percentiles p) => p.Count > 0 && p.P99 >= TargetP99Ms ? string.Create(CultureInfo.InvariantCulture, $"  (target p99 < {TargetP99Ms:0} ms)") : "";
}
