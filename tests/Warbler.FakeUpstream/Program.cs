using System.Globalization;

namespace Warbler.FakeUpstream;

/// <summary>Runs the fake upstream on its own, for the benchmarks: <c>--port N</c>, <c>--chunks N</c>.</summary>
internal static class FakeUpstreamProgram
{
    public static async Task Main(string[] args)
    {
        var port = ArgValue(args, "--port") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 5090;
        var chunks = ArgValue(args, "--chunks") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 20;
        await using var server = await FakeUpstreamServer.StartAsync(port, recordRequests: false);
        server.Default = UpstreamScript.Answer("The quick brown fox jumps over the lazy dog, in twenty small chunks.") with { Chunks = chunks };
        Console.WriteLine($"Fake upstream listening on {server.BaseUrl}");

        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
        await stop.Task;
    }

    private static string? ArgValue(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
