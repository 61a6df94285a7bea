using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warbler.Bench.Im;

/// <summary>The summary table with the issue's targets, and the raw figures as JSON.</summary>
internal static class Report
{
    public const double TargetP99Ms = 100;
    public const int TargetMembers = 1000;
    public const double TargetKbPerConnection = 60;
    public const int TargetIdleConnections = 5000;
    public const int TargetBotMembers = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Summary(BenchResults r)
    {
        var s = new StringBuilder();
        void Line(FormattableString text) => s.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        static string Mark(bool ok) => ok ? "ok" : "MISSED";
        static string Scale(int actual, int target) =>
            actual < target ? string.Create(CultureInfo.InvariantCulture, $" (scaled down: the target is for {target:N0})") : "";

        Line($"Warbler IM benchmark — {r.Started:yyyy-MM-ddTHH:mm:ssZ}");
        Line($"Server {r.Server}; {r.Users:N0} users (run {r.RunId ?? "-"}), set up in {r.SetupSeconds:0.0} s; scenarios: {r.Scenarios}");
        if (r.Connect is { } c)
        {
            Line($"Hub connections: {c.Connected:N0} of {c.Attempted:N0} opened in {c.Seconds:0.0} s ({c.PerSecond:0}/s), {c.Failed} failed");
        }

        if (r.FanOut is not null || r.Throughput is not null || r.Bot is not null || r.IdleMemory is not null || r.Soak is not null)
        {
            s.AppendLine();
            Line($"{"Scenario",-58} {"figure",-26} {"target",-16} result");
        }

        if (r.FanOut is { } f)
        {
            var receivers = r.Connect is null ? 0 : Math.Min(r.Connect.Connected, r.Members) - 1;
            Line($"{$"(a) fan-out: {f.Sent} msgs, {r.FanOutIntervalMs:0} ms apart, to {receivers:N0} members",-58} {$"p99 {f.Latency.P99:0.0} ms",-26} {"p99 < 100 ms",-16} {Mark(f.Latency.P99 < TargetP99Ms && f.Missing == 0)}{Scale(r.Members, TargetMembers)}");
            Line($"{"      latency p50 / p90 / max (ms)",-58} {$"{f.Latency.P50:0.0} / {f.Latency.P90:0.0} / {f.Latency.Max:0.0}",-26}");
            Line($"{"      send to last member, p50 / max (ms)",-58} {$"{f.FanOutComplete.P50:0.0} / {f.FanOutComplete.Max:0.0}",-26}");
            Line($"{"      SendMessage acknowledged, p50 / p99 (ms)",-58} {$"{f.Ack.P50:0.0} / {f.Ack.P99:0.0}",-26}");
            Line($"{"      deliveries received / missing / doubled",-58} {$"{f.Received:N0} / {f.Missing:N0} / {f.Duplicates:N0}",-26} {"0 missing",-16} {(f.Missing == 0 && f.Duplicates == 0 ? "ok" : "ERROR")}");
        }

        if (r.Throughput is { } t)
        {
            var d = t.Deliveries;
            Line($"{$"(b) throughput: {t.Senders} senders for {t.SendSeconds:0.0} s, {t.Receivers:N0} members",-58} {$"{t.AckedPerSecond:N0} msgs/s acked",-26} {"(no target)",-16}");
            Line($"{"      deliveries per second",-58} {$"{t.DeliveriesPerSecond:N0}/s",-26}");
            Line($"{"      delivery latency p50 / p99 / max (ms)",-58} {$"{d.Latency.P50:0.0} / {d.Latency.P99:0.0} / {d.Latency.Max:0.0}",-26}");
            Line($"{"      SendMessage acknowledged, p50 / p99 (ms)",-58} {$"{d.Ack.P50:0.0} / {d.Ack.P99:0.0}",-26}");
            Line($"{"      deliveries received / missing / doubled",-58} {$"{d.Received:N0} / {d.Missing:N0} / {d.Duplicates:N0}",-26} {"0 missing",-16} {(d.Missing == 0 && d.Duplicates == 0 ? "ok" : "ERROR")}");
        }

        if (r.Bot is { } b)
        {
            var deltas = b.Replies.Count == 0 ? 0 : b.Replies[0].Deltas;
            var rate = b.Replies.Count == 0 ? 0 : b.Replies.Min(x => x.DeltasPerSecondSlowest);
            Line($"{$"(c) bot stream: {b.RepliesCompleted} of {b.RepliesAsked} replies to {b.Members} members",-58} {$"lag p99 {b.Lag.P99:0.0} ms",-26} {"keeps up",-16} {Mark(b.KeptUp)}{Scale(b.Members, TargetBotMembers)}");
            Line($"{$"      upstream: {b.UpstreamChunks} chunks, {b.UpstreamChunkDelayMs} ms apart; deltas per reply",-58} {deltas,-26}");
            Line($"{"      every member got every delta, in order",-58} {(b.AllInOrder ? "yes" : "NO"),-26} {"yes",-16} {(b.AllInOrder ? "ok" : "ERROR")}");
            Line($"{"      lag first→last member per delta p50 / max (ms)",-58} {$"{b.Lag.P50:0.0} / {b.Lag.Max:0.0}",-26}");
            foreach (var reply in b.Replies)
            {
                Line($"{$"      reply {reply.MessageId}: lag mean 1st / last quarter (ms)",-58} {$"{reply.LagFirstQuarterMean:0.0} / {reply.LagLastQuarterMean:0.0}",-26} {"not growing",-16} {Mark(reply.LagLastQuarterMean <= reply.LagFirstQuarterMean + 20)}");
            }

            Line($"{"      slowest member's deltas per second",-58} {rate:0.0}");
            if (b.Replies.Count > 0)
            {
                Line($"{"      mention to first delta, p50 / max (ms)",-58} {$"{b.Replies.Average(x => x.FirstDelta.P50):0.0} / {b.Replies.Max(x => x.FirstDelta.Max):0.0}",-26}");
            }
        }

        if (r.Soak is { } k)
        {
            var rss = k.Window(x => x.RssKb);
            var threads = k.Window(x => x.Threads);
            var files = k.Window(x => x.OpenFiles);
            var d = k.Deliveries;
            Line($"{$"(e) soak: {k.Seconds / 60:0.0} min at {k.Rate} msgs/s, {k.BotMentions} bot mentions, {k.Reconnects:N0} reconnections",-58} {"",-26} {"flat",-16}");
            Line($"{"      server RSS, 2nd / last sixth of the run (MB)",-58} {$"{rss.Early / 1024:0.0} / {rss.Late / 1024:0.0}",-26} {$"≤ +{SoakResult.RssGrowthLimit:P0}",-16} {Mark(k.RssFlat)}");
            Line($"{"      threads, 2nd / last sixth",-58} {$"{threads.Early:0} / {threads.Late:0}",-26} {"flat",-16} {Mark(k.ThreadsFlat)}");
            Line($"{"      open files (sockets included), 2nd / last sixth",-58} {$"{files.Early:0} / {files.Late:0}",-26} {"flat",-16} {Mark(k.OpenFilesFlat)}");
            Line($"{"      delivery latency p50 / p99 / max (ms)",-58} {$"{d.Latency.P50:0.0} / {d.Latency.P99:0.0} / {d.Latency.Max:0.0}",-26}");
            Line($"{"      deliveries received / missing / doubled",-58} {$"{d.Received:N0} / {d.Missing:N0} / {d.Duplicates:N0}",-26} {"0 missing",-16} {(d.Missing == 0 && d.Duplicates == 0 ? "ok" : "ERROR")}");
            if (d.CaughtUp > 0)
            {
                Line($"{"      of which caught up (CatchUp) after Redis",-58} {d.CaughtUp:N0}");
            }

            var replies = k.BotReplies;
            Line($"{"      bot replies complete / failed / never finished",-58} {$"{replies.Complete} / {replies.Failed} / {replies.Unfinished}",-26} {"0 unfinished",-16} {(replies.Unfinished == 0 ? "ok" : "ERROR")}");
            foreach (var line in SoakFaults(k))
            {
                Line(line);
            }
        }

        if (r.IdleMemory is { } m)
        {
            Line($"{$"(d) idle memory: {m.Connections:N0} connections",-58} {$"{m.KbPerConnection:0.0} KB each",-26} {"< 60 KB",-16} {Mark(m.KbPerConnection < TargetKbPerConnection)}{Scale(m.Connections, TargetIdleConnections)}");
            Line($"{"      server RSS before / after connecting (MB)",-58} {$"{m.RssBeforeKb / 1024.0:0.0} / {m.RssAfterKb / 1024.0:0.0}",-26}");
        }
        else if (r.Scenarios.Contains("idle", StringComparison.Ordinal) && r.Aborted is null)
        {
            Line($"(d) idle memory: not measured (no --server-pid, or its /proc entry cannot be read)");
        }

        if (r.Cpu.Count > 0)
        {
            s.AppendLine();
            Line($"CPU use (s of CPU; the machine has {Environment.ProcessorCount} cores, shared by the tool and the server):");
            foreach (var (phase, use) in r.Cpu)
            {
                var server = use.ServerSeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0}") : "?";
                Line($"  {phase,-12} {use.WallSeconds,6:0.0} s wall: load tool {use.ToolSeconds,6:0.0}, server {server,6}");
            }
        }

        if (r.RssAtStartKb is { } start && r.RssAtEndKb is { } end)
        {
            s.AppendLine();
            Line($"Server RSS: {start / 1024.0:0.0} MB after set-up, {end / 1024.0:0.0} MB at the end");
        }

        if (r.UnreadableEvents > 0)
        {
            Line($"Hub events whose message had no readable roomId/id: {r.UnreadableEvents:N0} (the hub's JSON differs from the REST API's?)");
        }

        s.AppendLine();
        if (r.Aborted is not null)
        {
            Line($"!!! STOPPED: {r.Aborted}");
        }

        if (r.Errors.Count == 0)
        {
            s.AppendLine(r.Aborted is null ? "Errors: none" : "");
        }
        else
        {
            s.AppendLine("!!! ERRORS (the figures above are not valid until these are fixed):");
            foreach (var error in r.Errors)
            {
                s.Append("  - ").AppendLine(error);
            }
        }

        return s.ToString();
    }

    /// <summary>Per fault kind: its windows, what was refused in them, and the time from a window's end to the first success after its last refusal.</summary>
    private static IEnumerable<FormattableString> SoakFaults(SoakResult k)
    {
        if (k.FaultWindows.Count == 0)
        {
            yield return $"{"      injected faults",-58} none";
        }
        else
        {
            yield return $"{"      injected faults (faults.txt): kind, windows, refused inside them (grace included)",-58}";
            foreach (var kind in k.Faults.Kinds)
            {
                var refused = kind.Refused.Count == 0 ? "nothing refused" : string.Join(", ", kind.Refused.Select(p => $"{p.Value:N0} {p.Key}"));
                var back = kind.Refused.Count == 0 ? "" : kind.Unrecovered.Count > 0 ? "NEVER BACK" : $"back ≤ {kind.RecoverySeconds:0.0} s after";
                yield return $"{$"        {kind.Kind}: {kind.Windows} × {k.FaultWindows.Where(w => w.Kind == kind.Kind).Average(w => w.End - w.Start):0} s",-58} {refused,-26} {back}";
            }
        }

        yield return $"{"      errors outside the fault windows",-58} {k.Faults.ErrorsOutside,-26} {"0",-16} {(k.Faults.ErrorsOutside == 0 ? "ok" : "ERROR")}";
    }

    public static async Task WriteAsync(string? directory, BenchResults results, string summary)
    {
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "summary.txt"), summary);
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(results, Json));
    }
}
