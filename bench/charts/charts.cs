// Draws the charts of docs/benchmarks.md (SVG) from the benchmarks' own output:
//   dotnet run bench/charts/charts.cs -- [--im DIR] [--soak DIR] [--gateway DIR] [--out docs/images]
// DIR is a results folder of bench/im.sh, bench/soak.sh or bench/gateway.sh (bench/results/...).
// Each chart is drawn only when its folder is given.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

var arguments = ParseArguments(args);
var output = arguments.GetValueOrDefault("--out") ?? "docs/images";
Directory.CreateDirectory(output);
var written = new List<string>();

if (arguments.GetValueOrDefault("--im") is { } im)
{
    using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(im, "results.json")));
    var root = results.RootElement;
    if (root.TryGetProperty("fanOut", out var fanOut) && fanOut.ValueKind == JsonValueKind.Object)
    {
        var latency = fanOut.GetProperty("latency");
        var bars = new[] { "p50", "p90", "p99", "max" }.Select(p => (p, latency.GetProperty(p).GetDouble())).ToList();
        var members = root.GetProperty("members").GetInt32();
        written.Add(Save(output, "bench-im-fanout.svg", Svg.Bars($"Fan-out to {members - 1:N0} members: delivery latency (ms)", bars, target: 100, targetLabel: "p99 target 100 ms")));
    }

    if (root.TryGetProperty("idleMemory", out var idle) && idle.ValueKind == JsonValueKind.Object)
    {
        var bars = new List<(string, double)> { ("Warbler", idle.GetProperty("kbPerConnection").GetDouble()) };
        written.Add(Save(output, "bench-im-idle-memory.svg", Svg.Bars($"Server memory per idle hub connection at {idle.GetProperty("connections").GetInt32():N0} (KB)", bars, target: 60, targetLabel: "target 60 KB")));
    }
}

if (arguments.GetValueOrDefault("--soak") is { } soakFolder)
{
    using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(soakFolder, "results.json")));
    var samples = results.RootElement.GetProperty("soak").GetProperty("samples").EnumerateArray()
        .Select(s => (Minutes: s.GetProperty("seconds").GetDouble() / 60, Rss: s.GetProperty("rssKb").GetDouble() / 1024, Threads: s.GetProperty("threads").GetDouble(), Files: s.GetProperty("openFiles").GetDouble()))
        .ToList();
    // The injected faults' windows, shaded behind the lines (runs before faults had none).
    var faults = results.RootElement.GetProperty("soak").TryGetProperty("faultWindows", out var windows) && windows.ValueKind == JsonValueKind.Array
        ? windows.EnumerateArray().Select(w => (From: w.GetProperty("start").GetDouble() / 60, To: w.GetProperty("end").GetDouble() / 60)).ToList()
        : [];
    written.Add(Save(output, "bench-soak.svg", Svg.Panels(faults.Count > 0 ? "Soak: the server over time (minutes; fault windows shaded)" : "Soak: the server over time (minutes)",
    [
        ("RSS (MB)", samples.Select(s => (s.Minutes, s.Rss)).ToList()),
        ("threads", samples.Select(s => (s.Minutes, s.Threads)).ToList()),
        ("open files", samples.Select(s => (s.Minutes, s.Files)).ToList()),
    ], faults)));
}

if (arguments.GetValueOrDefault("--gateway") is { } gateway)
{
    // The summary's throughput lines: "(a) chat, 16 connections   72761   15355   21.1% ≥25% ok".
    var lines = File.ReadAllLines(Path.Combine(gateway, "summary.txt"));
    var groups = lines.Select(line => Regex.Match(line, @"^\((?<phase>[abc])\) (?<name>.+?)\s{2,}(?<direct>\d+)\s+(?<warbler>\d+)\s"))
        .Where(m => m.Success)
        .Select(m => ($"({m.Groups["phase"].Value}) {m.Groups["name"].Value.Trim()}", double.Parse(m.Groups["direct"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["warbler"].Value, CultureInfo.InvariantCulture)))
        .ToList();
    if (groups.Count > 0)
    {
        written.Add(Save(output, "bench-gateway-throughput.svg", Svg.PairedBars("Gateway: requests a second, straight to the upstream and through Warbler", groups, "upstream directly", "through Warbler")));
    }

    // Each phase's raw wrk output ends with a "BENCH key=value ..." line (bench/wrk/common.lua).
    var latencies = new List<(string Label, double First, double Second)>();
    foreach (var phase in new[] { "a", "b", "c" })
    {
        if (BenchLine(gateway, $"{phase}-direct.txt") is { } direct && BenchLine(gateway, $"{phase}-warbler.txt") is { } through)
        {
            foreach (var percentile in new[] { "p50", "p99" })
            {
                var key = $"lat_{percentile}_us";
                latencies.Add(($"({phase}) {percentile}", direct[key] / 1000, through[key] / 1000));
            }
        }
    }

    if (latencies.Count > 0)
    {
        written.Add(Save(output, "bench-gateway-latency.svg", Svg.PairedBars("Gateway: latency (ms), straight to the upstream and through Warbler", latencies, "upstream directly", "through Warbler", "0.##")));
    }

    // (d) limits in memory against (e) none, and (f) limits shared in Redis on PostgreSQL when it ran.
    if (BenchLine(gateway, "e-warbler-bare.txt") is { } bare && BenchLine(gateway, "d-warbler-limits.txt") is { } limited)
    {
        var bars = new List<(string, double)>
        {
            ("(e) no limits", 100),
            ("(d) limits in memory", limited["rps"] / bare["rps"] * 100),
        };
        if (BenchLine(gateway, "f-warbler-shared.txt") is { } shared)
        {
            bars.Add(("(f) limits in Redis, PostgreSQL", shared["rps"] / bare["rps"] * 100));
        }

        written.Add(Save(output, "bench-gateway-limits.svg", Svg.Bars("Gateway: throughput with limits, budgets and usage records (% of (e))", bars, target: 90, targetLabel: "(d) target 90 %")));
    }
}

if (written.Count == 0)
{
    Console.Error.WriteLine("Nothing to draw: give --im, --soak or --gateway with a results folder (see the first lines of this file).");
    return 2;
}

foreach (var file in written)
{
    Console.WriteLine(file);
}

return 0;

static Dictionary<string, string> ParseArguments(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i]] = args[i + 1];
    }

    return parsed;
}

static Dictionary<string, double>? BenchLine(string folder, string file)
{
    var path = Path.Combine(folder, file);
    var line = File.Exists(path) ? File.ReadLines(path).LastOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal)) : null;
    return line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => double.Parse(pair[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

static string Save(string folder, string name, string svg)
{
    var path = Path.Combine(folder, name);
    File.WriteAllText(path, svg);
    return path;
}

/// <summary>Plain SVG charts: bars, paired bars and stacked line panels, readable on light and dark backgrounds.</summary>
internal static class Svg
{
    private const int Width = 720;
    private const string Family = "font-family=\"system-ui, sans-serif\"";
    private const string Font = Family + " font-size=\"13\"";
    private static readonly string[] Colors = ["#4c78a8", "#f58518", "#54a24b"];

    public static string Bars(string title, List<(string Label, double Value)> bars, double? target = null, string? targetLabel = null)
    {
        const int height = 300, left = 60, top = 40, bottom = 40;
        var plotHeight = height - top - bottom;
        var max = Nice(Math.Max(bars.Max(b => b.Value), target ?? 0) * 1.1);
        var slot = (Width - left - 20) / (double)bars.Count;
        var s = Start(title, height);
        Axis(s, left, top, plotHeight, max);
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var h = value / max * plotHeight;
            var x = left + i * slot + slot * 0.2;
            s.Append(Inv($"<rect x=\"{x:0.#}\" y=\"{top + plotHeight - h:0.#}\" width=\"{slot * 0.6:0.#}\" height=\"{h:0.#}\" fill=\"{Colors[0]}\"/>"));
            s.Append(Inv($"<text x=\"{x + slot * 0.3:0.#}\" y=\"{top + plotHeight - h - 5:0.#}\" text-anchor=\"middle\" {Font}>{value:0.#}</text>"));
            s.Append(Inv($"<text x=\"{x + slot * 0.3:0.#}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" {Font}>{Escape(label)}</text>"));
        }

        if (target is { } t)
        {
            var y = top + plotHeight - t / max * plotHeight;
            s.Append(Inv($"<line x1=\"{left}\" x2=\"{Width - 20}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#e45756\" stroke-dasharray=\"6 4\"/>"));
            s.Append(Inv($"<text x=\"{Width - 22}\" y=\"{y - 5:0.#}\" text-anchor=\"end\" fill=\"#e45756\" {Font}>{Escape(targetLabel ?? "")}</text>"));
        }

        return s.Append("</svg>\n").ToString();
    }

    public static string PairedBars(string title, List<(string Label, double First, double Second)> groups, string firstName, string secondName, string valueFormat = "N0")
    {
        const int height = 320, left = 70, top = 60, bottom = 40;
        var plotHeight = height - top - bottom;
        var max = Nice(groups.Max(g => Math.Max(g.First, g.Second)) * 1.1);
        var slot = (Width - left - 20) / (double)groups.Count;
        var s = Start(title, height);
        Legend(s, [firstName, secondName], left, 42);
        Axis(s, left, top, plotHeight, max);
        for (var i = 0; i < groups.Count; i++)
        {
            var (label, first, second) = groups[i];
            var x = left + i * slot + slot * 0.15;
            foreach (var (value, n) in new[] { (first, 0), (second, 1) })
            {
                var h = value / max * plotHeight;
                var bx = x + n * slot * 0.35;
                s.Append(Inv($"<rect x=\"{bx:0.#}\" y=\"{top + plotHeight - h:0.#}\" width=\"{slot * 0.33:0.#}\" height=\"{h:0.#}\" fill=\"{Colors[n]}\"/>"));
                s.Append(Inv($"<text x=\"{bx + slot * 0.165:0.#}\" y=\"{top + plotHeight - h - 5:0.#}\" text-anchor=\"middle\" {Font}>{value.ToString(valueFormat, CultureInfo.InvariantCulture)}</text>"));
            }

            s.Append(Inv($"<text x=\"{x + slot * 0.35:0.#}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" {Font}>{Escape(label)}</text>"));
        }

        return s.Append("</svg>\n").ToString();
    }

    public static string Panels(string title, List<(string Name, List<(double X, double Y)> Points)> panels, List<(double From, double To)> bands)
    {
        const int panelHeight = 150, left = 70, top = 40, gap = 30;
        var height = top + panels.Count * (panelHeight + gap);
        var s = Start(title, height);
        var maxX = Math.Max(panels.SelectMany(p => p.Points).Select(p => p.X).DefaultIfEmpty(1).Max(), 1e-9);
        double X(double x) => left + x / maxX * (Width - left - 20);
        for (var i = 0; i < panels.Count; i++)
        {
            var (name, points) = panels[i];
            var y0 = top + i * (panelHeight + gap);
            foreach (var (from, to) in bands)
            {
                s.Append(Inv($"<rect x=\"{X(from):0.#}\" y=\"{y0}\" width=\"{Math.Max(X(to) - X(from), 1):0.#}\" height=\"{panelHeight}\" fill=\"#e45756\" fill-opacity=\"0.15\"/>"));
            }

            var max = Nice(points.Select(p => p.Y).DefaultIfEmpty(1).Max() * 1.15);
            Axis(s, left, y0, panelHeight, max);
            s.Append(Inv($"<text x=\"{left + 8}\" y=\"{y0 + 14}\" {Font} font-weight=\"bold\">{Escape(name)}</text>"));
            var path = string.Join(" ", points.Select((p, n) => Inv($"{(n == 0 ? "M" : "L")}{X(p.X):0.#},{y0 + panelHeight - p.Y / max * panelHeight:0.#}")));
            s.Append(Inv($"<path d=\"{path}\" fill=\"none\" stroke=\"{Colors[i % Colors.Length]}\" stroke-width=\"2\"/>"));
            s.Append(Inv($"<text x=\"{Width - 20}\" y=\"{y0 + panelHeight + 16}\" text-anchor=\"end\" {Font}>{maxX:0.#} min</text>"));
        }

        return s.Append("</svg>\n").ToString();
    }

    private static StringBuilder Start(string title, int height) => new StringBuilder()
        .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\">"))
        .Append(Inv($"<rect width=\"{Width}\" height=\"{height}\" fill=\"#ffffff\"/>"))
        .Append(Inv($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" {Family} font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>"));

    private static void Axis(StringBuilder s, int left, int top, int height, double max)
    {
        for (var k = 0; k <= 4; k++)
        {
            var y = top + height - k * height / 4.0;
            s.Append(Inv($"<line x1=\"{left}\" x2=\"{Width - 20}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#dddddd\"/>"));
            s.Append(Inv($"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" {Font}>{max * k / 4:0.##}</text>"));
        }
    }

    private static void Legend(StringBuilder s, string[] names, int left, int y)
    {
        var x = left;
        for (var i = 0; i < names.Length; i++)
        {
            s.Append(Inv($"<rect x=\"{x}\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Colors[i]}\"/>"));
            s.Append(Inv($"<text x=\"{x + 18}\" y=\"{y}\" {Font}>{Escape(names[i])}</text>"));
            x += 30 + names[i].Length * 8;
        }
    }

    /// <summary>A round axis maximum: 1, 2 or 5 times a power of ten.</summary>
    private static double Nice(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * power).First(m => m >= value);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
