using System.Globalization;
using System.Runtime.InteropServices;

namespace Warbler.FakeUpstream;

/// <summary>
/// Runs the fake upstream on its own, for the benchmarks: <c>--port N</c>, <c>--chunks N</c>
/// (a stream has exactly N content chunks), <c>--chunk-delay-ms N</c> (pause between chunks).
/// </summary>
internal static class FakeUpstreamProgram
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog. ";

    public static async Task Main(string[] args)
    {
        var port = ArgValue(args, "--port") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 5090;
        var chunks = Math.Max(1, ArgValue(args, "--chunks") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : 20);
        var chunkDelay = ArgValue(args, "--chunk-delay-ms") is { } d ? TimeSpan.FromMilliseconds(double.Parse(d, CultureInfo.InvariantCulture)) : TimeSpan.Zero;

        // Four characters a chunk: the fake cuts the text into equal pieces, so this gives exactly N of them.
        var text = string.Concat(Enumerable.Repeat(Sentence, (4 * chunks / Sentence.Length) + 1))[..(4 * chunks)];
        await using var server = await FakeUpstreamServer.StartAsync(port, recordRequests: false);
        server.Default = UpstreamScript.Answer(text) with { Chunks = chunks, ChunkDelay = chunkDelay };
        Console.WriteLine($"Fake upstream listening on {server.BaseUrl}");

        // The web host's console lifetime takes SIGINT and SIGTERM for itself without stopping this
        // program (it is never Run), so they are handled here: both end the program at once.
        var stop = new TaskCompletionSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stop.Task;
    }

    private static string? ArgValue(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
