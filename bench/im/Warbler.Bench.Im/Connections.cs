using System.Collections.Concurrent;

namespace Warbler.Bench.Im;

/// <summary>Opens and closes many hub connections, a bounded number at a time.</summary>
internal static class Connections
{
    public static async Task<ConnectResult> ConnectAsync(IReadOnlyList<ChatMember> members, BenchOptions options, CancellationToken cancellationToken)
    {
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var connected = 0;
        var failed = 0;
        var next = Math.Max(1, members.Count / 10);
        var started = Clock.Now();
        await Parallel.ForEachAsync(
            members,
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectParallelism, CancellationToken = cancellationToken },
            async (member, ct) =>
            {
                try
                {
                    await member.ConnectAsync(options, ct);
                    var n = Interlocked.Increment(ref connected);
                    if (members.Count >= 200 && n % next == 0)
                    {
                        Progress.Say($"  {n} of {members.Count} connected");
                    }
                }
                catch (BenchException e)
                {
                    Interlocked.Increment(ref failed);
                    errors.AddOrUpdate(e.Message, 1, (_, count) => count + 1);
                }
            });
        var seconds = Clock.SecondsSince(started);
        return new ConnectResult(
            Attempted: members.Count,
            Connected: connected,
            Failed: failed,
            Seconds: seconds,
            Errors: errors.OrderByDescending(e => e.Value).Take(5).Select(e => $"{e.Value} × {e.Key}").ToList());
    }

    public static Task StopAsync(IEnumerable<ChatMember> members, int parallelism) =>
        Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (member, _) => await member.StopAsync());
}

/// <summary>How opening the connections went; Errors are the most frequent reasons, with counts.</summary>
internal sealed record ConnectResult(int Attempted, int Connected, int Failed, double Seconds, List<string> Errors)
{
    public double PerSecond => Seconds > 0 ? Connected / Seconds : 0;
}
