using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// Runs the load tool's own paths once before the server is restarted (every connection sends a
/// message, one per room mentions the bot, and every reply is waited for), so that the first
/// seconds measured after the start are the server's, not this process compiling its code on
/// the same cores. The server's warmth is lost in the restart that follows.
/// </summary>
internal static class ChatLoadWarmUp
{
    public static async Task RunAsync(
        List<ChatMember> members, Guid[] roomOf, Dictionary<Guid, string> owners, string? bot, BenchOptions hub, WarblerRest rest, string runId, CancellationToken cancellationToken)
    {
        Progress.Say($"Warming up the load tool: {members.Count} connections, a message from each, a bot reply in each room");
        var connect = await Connections.ConnectAsync(members, hub, cancellationToken);
        if (connect.Failed > 0)
        {
            throw new BenchException($"{connect.Failed} of {connect.Attempted} hub connections failed in the warm-up: {string.Join("; ", connect.Errors)}");
        }

        var mentioned = new HashSet<Guid>();
        await Parallel.ForEachAsync(
            members,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (member, ct) =>
            {
                var room = roomOf[member.Index];
                bool mention;
                lock (mentioned)
                {
                    mention = bot is not null && mentioned.Add(room);
                }

                var text = mention ? $"@{bot} warm-up" : "warm-up";
                await member.SendMessageAsync(room, text, string.Create(CultureInfo.InvariantCulture, $"clw-{runId}-{member.Index}"), ct);
            });

        await ChatLoadCheck.WaitForRepliesAsync(rest, owners, cancellationToken);
        await Connections.StopAsync(members, 32);
    }
}
