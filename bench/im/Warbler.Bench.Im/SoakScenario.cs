using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace Warbler.Bench.Im;

/// <summary>
/// (e) Soak: for a long time, members send into the fan-out room at a steady rate, now and then
/// one mentions the bot, and the extra connections (second devices) are closed and opened again
/// in turns; every few seconds the server's memory, threads and open files are sampled. Every
/// delivery is counted as in (b), so nothing may go missing or arrive twice.
/// </summary>
/// <remarks>
/// Faults may be injected meanwhile (bench/faults.sh). The members then behave as real clients: a
/// refused send is sent again with the same <c>clientMessageId</c> until acknowledged, a refused
/// reconnection is tried again, and what the hub could not carry while Redis was away is fetched
/// with <c>CatchUp</c>. Every refusal is logged with its time; those outside the fault windows fail
/// the run.
/// </remarks>
internal static class SoakScenario
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ChurnInterval = TimeSpan.FromSeconds(30);

    /// <summary>Retries wait 1 s, then twice as long each time up to 8 s; after 2 minutes of refusals the operation is given up (an error).</summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public static async Task<ScenarioOutcome<SoakResult>> RunAsync(BenchWorld world, BenchOptions options, Recorder recorder, ServerProcess server, CancellationToken cancellationToken)
    {
        var members = world.Members.Take(options.Members).ToList();
        var connected = members.Where(m => m.Connected).Select(m => m.Index).ToHashSet();
        var senders = members.Take(options.Senders).Where(m => m.Connected).ToList();
        var duration = options.SoakDuration;
        Progress.Say(string.Create(CultureInfo.InvariantCulture,
            $"(e) soak: {duration.TotalMinutes:0.#} min, {options.SoakRate} messages/s from {senders.Count} members to {connected.Count}, a bot mention every {options.SoakBotEvery}, {world.ExtraConnections.Count} extra connections reopened in turns"));
        var book = new DeliveryBook(world.FanOutRoom, options.Members);
        var replies = new BotReplyBook(world.BotRoom, world.Members[0].Index);
        recorder.Deliveries = book;
        recorder.BotReplies = replies;
        var errors = new List<string>();
        var samples = new List<SoakSample>();
        var mentions = 0;
        var reconnects = 0;
        var reconnectFailures = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var log = new SoakLog(Clock.Now());
        var startedUnix = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        if (options.StartedFile is { } startedFile)
        {
            await File.WriteAllTextAsync(startedFile, startedUnix.ToString("0.000", CultureInfo.InvariantCulture), cancellationToken);
        }

        double seconds;
        List<FaultWindow> windows;
        BotRepliesResult botReplies;
        try
        {
            var sampling = SampleAsync(server, log.Start, samples, stop.Token);
            var churning = ChurnAsync(world.ExtraConnections, options, log, () => reconnects++, () => reconnectFailures++, stop.Token);

            // A fixed schedule, not "as fast as acknowledged": a steady load for the whole run.
            var interval = TimeSpan.FromSeconds(1.0 / options.SoakRate);
            var sends = new List<Task>();
            for (var n = 0; log.Now < duration.TotalSeconds; n++)
            {
                var sender = senders[n % senders.Count];
                if (options.SoakBotEvery > 0 && n % options.SoakBotEvery == options.SoakBotEvery - 1 && world.BotRoom != Guid.Empty)
                {
                    mentions++;
                    sends.Add(MentionAsync(world.Members[0], world.BotRoom, $"@{world.BotHandle} say something ({n})", $"soak-bot-{world.RunId}-{n}", replies, log, cancellationToken));
                }
                else
                {
                    var clientMessageId = string.Create(CultureInfo.InvariantCulture, $"soak-{world.RunId}-{n}");
                    var probe = book.Add(sender.Index, clientMessageId);
                    probe.SentAt = Clock.Now();
                    sends.Add(SendAsync(sender, world.FanOutRoom, string.Create(CultureInfo.InvariantCulture, $"soak {n}"), probe, log, cancellationToken));
                }

                sends.RemoveAll(t => t.IsCompleted);
                var next = log.Start + (long)((n + 1) * interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                var wait = TimeSpan.FromSeconds((next - Clock.Now()) / (double)System.Diagnostics.Stopwatch.Frequency);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }

            await Task.WhenAll(sends);
            await stop.CancelAsync();
            await Task.WhenAll(sampling, churning);
            seconds = log.Now;
            windows = FaultWindows.Read(options.FaultsFile, startedUnix);
            if (windows.Any(w => w.Kind == FaultKinds.Redis))
            {
                // What was sent while Redis was away reached no one live: the members catch up, as a client does.
                await book.WaitForAllAsync(connected, TimeSpan.FromSeconds(15), cancellationToken);
                await CatchUpAsync(members.Where(m => connected.Contains(m.Index)).ToList(), book, p => InRedisWindow(windows, log.At(p.AckedAt)), options, cancellationToken);
            }

            Progress.Say($"    sending done; waiting for outstanding deliveries and bot replies (up to {options.DeliveryTimeout.TotalSeconds:0} s)");
            await book.WaitForAllAsync(connected, options.DeliveryTimeout, cancellationToken);
            botReplies = await SettleBotRepliesAsync(world.Members[0], replies, windows, log, options.DeliveryTimeout, cancellationToken);
        }
        finally
        {
            recorder.Deliveries = null;
            recorder.BotReplies = null;
        }

        var faults = FaultAnalysis.Analyse(windows, log.Entries);
        var result = new SoakResult(seconds, options.SoakRate, mentions, reconnects, reconnectFailures, samples, book.Analyse(connected), botReplies, windows, faults);
        if (faults.ErrorsOutside > 0)
        {
            errors.Add($"{faults.ErrorsOutside} errors outside the injected faults: {string.Join("; ", faults.OutsideExamples)}");
        }

        errors.AddRange(faults.Kinds.SelectMany(k => k.Unrecovered).Select(u => $"no success of {u} until the end"));
        if (reconnectFailures > 0)
        {
            errors.Add($"{reconnectFailures} of {reconnects + reconnectFailures} reconnections given up after {GiveUpAfter.TotalMinutes:0} minutes of refusals");
        }

        if (botReplies.Unfinished > 0)
        {
            errors.Add($"{botReplies.Unfinished} of {botReplies.Mentions} bot replies never finished (no messageCompleted, none complete or failed in CatchUp)");
        }

        return new ScenarioOutcome<SoakResult>(result, errors);
    }

    private static async Task SendAsync(ChatMember sender, Guid room, string text, Probe probe, SoakLog log, CancellationToken cancellationToken)
    {
        if (await SendUntilAcknowledgedAsync(sender, room, text, probe.ClientMessageId, log, cancellationToken) is { } stored)
        {
            probe.MessageId = MessageJson.Int64(stored, "id") ?? 0;
            probe.AckedAt = Clock.Now();
        }
    }

    private static async Task MentionAsync(ChatMember sender, Guid room, string text, string clientMessageId, BotReplyBook replies, SoakLog log, CancellationToken cancellationToken)
    {
        if (await SendUntilAcknowledgedAsync(sender, room, text, clientMessageId, log, cancellationToken) is { } stored && MessageJson.Int64(stored, "id") is { } id)
        {
            replies.Mentioned(id, log.Now);
        }
    }

    /// <summary>
    /// Sends as a client should: a refused send is sent again with the same clientMessageId (the
    /// server keeps one copy) until acknowledged, after the wait the refusal asks for or else a
    /// growing pause, each refusal logged; null when given up.
    /// </summary>
    private static async Task<JsonElement?> SendUntilAcknowledgedAsync(ChatMember sender, Guid room, string text, string clientMessageId, SoakLog log, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        var giveUpAt = log.Now + GiveUpAfter.TotalSeconds;
        while (true)
        {
            TimeSpan? retryAfter;
            try
            {
                var stored = await sender.SendMessageAsync(room, text, clientMessageId, cancellationToken);
                log.Succeeded(SoakLog.HubSend);
                return stored;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                log.Refused(SoakLog.HubSend, e.Message);
                if (log.Now >= giveUpAt)
                {
                    return null;
                }

                retryAfter = RetryAfter(e);
            }

            await Task.Delay(retryAfter ?? delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    /// <summary>The wait a refusal asks for ("… try the same call again in 2 s."), if it names one.</summary>
    private static TimeSpan? RetryAfter(Exception refusal) =>
        refusal is HubException && Regex.Match(refusal.Message, @"again in (\d+) s\b") is { Success: true } match
            ? TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : null;

    private static bool InRedisWindow(List<FaultWindow> windows, double at) => windows.Any(w => w.Kind == FaultKinds.Redis && w.Covers(at));

    /// <summary>
    /// Each member asks for the messages after the first one sent while Redis was away, page by
    /// page, and takes those it did not get live (only messages <paramref name="mayCatchUp"/> allows).
    /// </summary>
    private static async Task CatchUpAsync(List<ChatMember> members, DeliveryBook book, Func<Probe, bool> mayCatchUp, BenchOptions options, CancellationToken cancellationToken)
    {
        var missed = book.Probes.Where(p => p.AckedAt != 0 && mayCatchUp(p)).Select(p => p.MessageId).ToList();
        if (missed.Count == 0)
        {
            return;
        }

        Progress.Say($"    {members.Count} members catch up on the {missed.Count} messages sent while Redis was away");
        var (first, last) = (missed.Min(), missed.Max());
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = options.ConnectParallelism, CancellationToken = cancellationToken }, async (member, ct) =>
        {
            var after = first - 1;
            while (after < last)
            {
                var page = await member.CatchUpAsync(book.RoomId, after, ct);
                var messages = page.GetProperty("messages").EnumerateArray().ToList();
                foreach (var message in messages)
                {
                    book.RecordCaughtUp(member.Index, MessageJson.String(message, "clientMessageId"), mayCatchUp);
                }

                if (!page.GetProperty("hasMore").GetBoolean() || messages.Count == 0)
                {
                    break;
                }

                after = messages.Max(m => MessageJson.Int64(m, "id") ?? after);
            }
        });
    }

    /// <summary>
    /// Waits for every mention's reply to end; those whose end did not come live are looked up
    /// with <c>CatchUp</c>. A complete reply is a success at its end, a failed one a refusal at its
    /// mention's time (the fault's if that falls in a window).
    /// </summary>
    private static async Task<BotRepliesResult> SettleBotRepliesAsync(ChatMember member, BotReplyBook replies, List<FaultWindow> windows, SoakLog log, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mentions = replies.Mentions;
        var deadline = log.Now + timeout.TotalSeconds;

        // After Redis was away some ends never come live: those are looked up soon, the rest waited for.
        var liveWait = windows.Any(w => w.Kind == FaultKinds.Redis) ? 15 : timeout.TotalSeconds;
        foreach (var until in new[] { Math.Min(deadline, log.Now + liveWait), deadline })
        {
            while (mentions.Any(m => replies.EndOf(m.MessageId) is null) && log.Now < until)
            {
                await Task.Delay(100, cancellationToken);
            }

            if (mentions.Where(m => replies.EndOf(m.MessageId) is null).Select(m => (long?)m.MessageId).Min() is not { } firstUnended)
            {
                break;
            }

            for (var after = firstUnended - 1; ;)
            {
                var page = await member.CatchUpAsync(replies.RoomId, after, cancellationToken);
                var messages = page.GetProperty("messages").EnumerateArray().ToList();
                messages.ForEach(replies.RecordCaughtUp);
                if (!page.GetProperty("hasMore").GetBoolean() || messages.Count == 0)
                {
                    break;
                }

                after = messages.Max(m => MessageJson.Int64(m, "id") ?? after);
            }
        }

        int complete = 0, failed = 0, unfinished = 0, caughtUp = 0;
        foreach (var mention in mentions)
        {
            switch (replies.EndOf(mention.MessageId))
            {
                case null:
                    unfinished++;
                    continue;
                case { Status: "complete" } end:
                    complete++;
                    log.Succeeded(SoakLog.BotReply, log.At(end.At));
                    break;
                case var end:
                    failed++;
                    log.Refused(SoakLog.BotReply, $"{end.Status}: {end.Error}", mention.AckedAt);
                    break;
            }

            if (!replies.EndOf(mention.MessageId)!.Live)
            {
                caughtUp++;
                if (!InRedisWindow(windows, mention.AckedAt))
                {
                    log.Refused(SoakLog.BotReply, "its end (messageCompleted) did not come live", mention.AckedAt);
                }
            }
        }

        return new BotRepliesResult(mentions.Count, complete, failed, unfinished, caughtUp);
    }

    private static async Task SampleAsync(ServerProcess server, long start, List<SoakSample> samples, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (server.RssKb() is { } rss)
            {
                samples.Add(new SoakSample(Clock.SecondsSince(start), rss, server.Threads() ?? 0, server.OpenFiles() ?? 0, server.CpuSeconds() ?? 0));
            }

            try
            {
                await Task.Delay(SampleInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Closes and reopens a slice of the extra connections every half minute, so connections come and go all along.</summary>
    private static async Task ChurnAsync(IReadOnlyList<ChatMember> extra, BenchOptions options, SoakLog log, Action reconnected, Action failed, CancellationToken cancellationToken)
    {
        var slice = Math.Min(options.SoakChurn, extra.Count);
        for (var round = 0; slice > 0 && !cancellationToken.IsCancellationRequested; round++)
        {
            try
            {
                await Task.Delay(ChurnInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var chosen = Enumerable.Range(round * slice, slice).Select(i => extra[i % extra.Count]).Distinct().ToList();
            await Task.WhenAll(chosen.Select(c => c.StopAsync()));
            foreach (var connection in chosen)
            {
                if (await ReconnectAsync(connection, options, log))
                {
                    reconnected();
                }
                else
                {
                    failed();
                }
            }
        }
    }

    /// <summary>Connects again as a client does: a refused attempt is logged and tried again after a pause; false when given up.</summary>
    private static async Task<bool> ReconnectAsync(ChatMember connection, BenchOptions options, SoakLog log)
    {
        var delay = FirstRetryDelay;
        var giveUpAt = log.Now + GiveUpAfter.TotalSeconds;
        while (true)
        {
            try
            {
                await connection.ConnectAsync(options, CancellationToken.None);
                log.Succeeded(SoakLog.Reconnection);
                return true;
            }
            catch (BenchException e)
            {
                log.Refused(SoakLog.Reconnection, e.Message);
                if (log.Now >= giveUpAt)
                {
                    return false;
                }
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }
}

/// <summary>The kinds of fault bench/faults.sh injects.</summary>
internal static class FaultKinds
{
    public const string Upstream = "upstream";
    public const string Database = "database";
    public const string Redis = "redis";
}

/// <summary>One sample of the server's process, <see cref="Seconds"/> after the soak began.</summary>
internal sealed record SoakSample(double Seconds, long RssKb, int Threads, int OpenFiles, double CpuSeconds);

/// <summary>
/// What the soak measured. "Flat" compares the median of the samples in the run's second sixth
/// (after start-up and warm caches) with the median of its last sixth; injected faults fall
/// between the two.
/// </summary>
internal sealed record SoakResult(
    double Seconds, int Rate, int BotMentions, int Reconnects, int ReconnectFailures, List<SoakSample> Samples, DeliveryResult Deliveries,
    BotRepliesResult BotReplies, List<FaultWindow> FaultWindows, FaultsResult Faults)
{
    public const double RssGrowthLimit = 0.10;

    public (double Early, double Late) Window(Func<SoakSample, double> value)
    {
        var sixth = Seconds / 6;
        // No sample in a sixth (NaN) is not flat: every comparison with NaN is false.
        double Median(IEnumerable<SoakSample> s) => s.Select(value).Order().DefaultIfEmpty(double.NaN).ElementAt(s.Count() / 2);
        return (Median(Samples.Where(s => s.Seconds >= sixth && s.Seconds < 2 * sixth)), Median(Samples.Where(s => s.Seconds >= 5 * sixth)));
    }

    public bool RssFlat => Window(s => s.RssKb) is var (early, late) && late <= early * (1 + RssGrowthLimit);

    /// <summary>Threads and open files may move a little (the thread pool grows and shrinks); a leak grows with time.</summary>
    public bool ThreadsFlat => Window(s => s.Threads) is var (early, late) && late <= early * 1.2 + 4;

    public bool OpenFilesFlat => Window(s => s.OpenFiles) is var (early, late) && late <= early * 1.05 + 20;
}
