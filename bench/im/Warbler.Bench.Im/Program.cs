using Warbler.Bench.Im;

// The IM load tool: see BenchOptions.Usage, bench/im.sh and docs/benchmarks.md.
if (args is [SqliteLock.Command, ..])
{
    return await SqliteLock.RunAsync(args);
}

if (args is [ChatLoadOptions.Command, ..])
{
    return await ChatLoad.RunAsync(args);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (HelpRequestedException)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (BenchException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var results = new BenchResults
{
    Server = options.ServerUrl.ToString(),
    Members = options.Members,
    Idle = options.Idle,
    BotMembers = options.BotMembers,
    Scenarios = string.Join(",", BenchOptions.KnownScenarios.Where(options.Scenarios.Contains)),
};
var exitCode = await ImBenchmark.RunAsync(options, results, stop.Token);
var summary = Report.Summary(results);
await Report.WriteAsync(options.ResultsDirectory, results, summary);
Console.WriteLine();
Console.Write(summary);
return exitCode;
