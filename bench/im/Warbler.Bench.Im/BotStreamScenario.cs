using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// (c) A member mentions the bot, whose provider (the fake upstream) streams its reply in chunks at
/// a fixed pace; every member of the bot's room records each <c>messageDelta</c>. The replies are
/// asked for one after the other.
/// </summary>
internal static class BotStreamScenario
{
    /// <summary>How long one reply may take, from the mention to every member having it completed.</summary>
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ScenarioOutcome<BotResult>> RunAsync(BenchWorld world, BenchOptions options, Recorder recorder, CancellationToken cancellationToken)
    {
        var among = world.Members.Take(options.BotMembers).Where(m => m.Connected).Select(m => m.Index).ToList();
        var sender = world.Members[0];
        Progress.Say($"(c) bot stream: member 0 mentions @{world.BotHandle} {options.BotReplies} times; {among.Count} connected members record every delta");
        var book = new StreamBook(world.BotRoom, options.BotMembers);
        recorder.Streams = book;
        var errors = new List<string>();
        var mentionTimes = new List<long>();
        try
        {
            for (var r = 0; r < options.BotReplies; r++)
            {
                var sentAt = Clock.Now();
                mentionTimes.Add(sentAt);
                try
                {
                    await sender.SendMessageAsync(
                        world.BotRoom,
                        string.Create(CultureInfo.InvariantCulture, $"@{world.BotHandle} tell me something ({r + 1})"),
                        string.Create(CultureInfo.InvariantCulture, $"bot-{world.RunId}-{r}"),
                        cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    errors.Add($"SendMessage failed: {e.Message}");
                    break;
                }

                if (!await WaitForCompletedAsync(book, r + 1, among, cancellationToken))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"bot reply {r + 1}: only {book.MembersWithCompleted(r + 1, among)} of {among.Count} members got messageCompleted within {ReplyTimeout.TotalSeconds:0} s"));
                    break;
                }

                Progress.Say($"    reply {r + 1} completed at every member");
            }
        }
        finally
        {
            recorder.Streams = null;
        }

        var replies = book.CompletedReplies(among)
            .Take(mentionTimes.Count)
            .Select((id, r) => book.Analyse(id, mentionTimes[r], among))
            .ToList();
        foreach (var reply in replies.Where(r => r.MembersComplete < r.Members))
        {
            errors.Add($"bot reply {reply.MessageId}: {reply.Members - reply.MembersComplete} of {reply.Members} members did not get every delta in order " +
                $"(first few: members {string.Join(", ", reply.IncompleteMembers.Take(5))})");
        }

        foreach (var reply in replies.Where(r => r.Deltas == 0))
        {
            errors.Add($"bot reply {reply.MessageId} came with no messageDelta at all (status {reply.Status})");
        }

        var lags = replies.SelectMany(r => r.LagByDelta).ToList();
        var result = new BotResult(
            Members: among.Count,
            RepliesAsked: options.BotReplies,
            RepliesCompleted: replies.Count,
            UpstreamChunks: options.BotChunks,
            UpstreamChunkDelayMs: options.BotChunkDelayMs,
            AllInOrder: replies.Count == options.BotReplies && replies.All(r => r.MembersComplete == r.Members && r.Deltas > 0),
            Lag: Percentiles.Of(lags),
            Replies: replies);
        return new ScenarioOutcome<BotResult>(result, errors);
    }

    private static async Task<bool> WaitForCompletedAsync(StreamBook book, int count, List<int> among, CancellationToken cancellationToken)
    {
        var deadline = Clock.Now() + (long)(ReplyTimeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (book.MembersWithCompleted(count, among) < among.Count)
        {
            if (Clock.Now() > deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }
}

/// <summary>
/// The bot stream: whether every member got every delta of every reply in order, and the lag per
/// delta from the first member to the last, over all replies.
/// </summary>
internal sealed record BotResult(
    int Members,
    int RepliesAsked,
    int RepliesCompleted,
    int UpstreamChunks,
    int UpstreamChunkDelayMs,
    bool AllInOrder,
    Percentiles Lag,
    List<ReplyResult> Replies)
{
    /// <summary>
    /// "Without falling behind": the lag stays small (p99 under 100 ms, i.e. a few deltas at 50 a
    /// second) and does not grow over a reply (its last quarter no more than 20 ms above its first).
    /// </summary>
    public bool KeptUp => AllInOrder && Lag.P99 < 100 && Replies.All(r => r.LagLastQuarterMean <= r.LagFirstQuarterMean + 20);
}
