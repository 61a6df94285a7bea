using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Warbler.HostileInput.Tests.Server;

/// <summary>
/// Runs a generator through CsCheck with a fixed count (times <c>WARBLER_HOSTILE_ITERATIONS</c>, for
/// longer runs), on one thread so the seed alone reproduces a run, then prints how many inputs
/// were tried to the test output and to standard output (so CI logs show it).
/// </summary>
public static class HostileRun
{
    public const string MultiplierVariable = "WARBLER_HOSTILE_ITERATIONS";

    public static int Multiplier =>
        int.TryParse(Environment.GetEnvironmentVariable(MultiplierVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var multiplier) && multiplier > 0 ? multiplier : 1;

    /// <summary>
    /// CsCheck's seed: <c>WARBLER_HOSTILE_SEED</c> when set (<c>random</c> for a new one), else a fixed
    /// one in CI, so whether a commit passes does not depend on the draw, and a new one on each
    /// run elsewhere, so developers' runs keep exploring. A failure prints the seed that replays it.
    /// </summary>
    public static string? Seed => Environment.GetEnvironmentVariable("WARBLER_HOSTILE_SEED") switch
    {
        "random" => null,
        { Length: > 0 } seed => seed,
        _ => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ? CiSeed : null,
    };

    private const string CiSeed = "1ApVPbUsrK52";

    public static async Task SampleAsync<T>(Gen<T> gen, Func<T, Task> property, int iterations, Func<T, string> print)
    {
        await gen.SampleAsync(property, iter: iterations * (long)Multiplier, threads: 1, print: print, seed: Seed);
    }

    public static void Report(ITestOutputHelper output, string what, InputCount count, string target)
    {
        var line = $"hostile input: {count.Inputs.ToString("N0", CultureInfo.InvariantCulture)} {what} to {target}, {count.ServerErrors.ToString("N0", CultureInfo.InvariantCulture)} server errors";
        output.WriteLine(line);
        Console.WriteLine(line);

        // test.sh prints these lines before its totals (see WARBLER_TEST_REPORT there).
        if (Environment.GetEnvironmentVariable("WARBLER_TEST_REPORT") is { Length: > 0 } report)
        {
            lock (ReportLock)
            {
                File.AppendAllText(report, $"{line} ({Environment.GetEnvironmentVariable("WARBLER_TEST_DATABASE") ?? "sqlite"})\n");
            }
        }
    }

    private static readonly Lock ReportLock = new();
}
