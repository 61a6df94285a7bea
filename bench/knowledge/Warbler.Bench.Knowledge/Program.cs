using Warbler.Bench.Knowledge;

// bench/knowledge.sh runs this: "retrieval" in-process, then "ingestion" against the Warbler it started.
var options = args.Skip(1).Chunk(2).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
int Option(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

switch (args.FirstOrDefault())
{
    case "retrieval":
        RetrievalBenchmark.Run(Option("--chunks", 100_000), Option("--dimensions", 1536), Option("--queries", 200), Option("--top", 4), Console.Out);
        return 0;
    case "ingestion" when options.TryGetValue("--url", out var url) && options.TryGetValue("--admin-key", out var key):
        await IngestionBenchmark.RunAsync(new Uri(url), key, Option("--documents", 40), 10, Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: Warbler.Bench.Knowledge retrieval [--chunks N] [--dimensions N] [--queries N] [--top K]");
        Console.Error.WriteLine("       Warbler.Bench.Knowledge ingestion --url URL --admin-key KEY [--documents N]");
        return 2;
}
