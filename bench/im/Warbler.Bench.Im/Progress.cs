using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>Progress lines on standard error, each with the seconds since the benchmark started.</summary>
internal static class Progress
{
    private static readonly long Started = Clock.Now();

    public static void Say(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"==> [{Clock.SecondsSince(Started),6:0.0}s] {message}"));
}
