using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// (e) Soak: for a long time, members send into the fan-out room at a steady rate, now and then
/// one mentions the bot, and the extra connections (second devices) are closed and opened again
/// in turns; every few seconds the server's memory, threads and open files are sampled. Every
/// delivery is counted as in (b), so nothing may go missing or arrive twice.
/// </summary>
internal static class SoakScenario
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ChurnInterval = TimeSpan.FromSeconds(30);

    public static async Task<ScenarioOutcome<SoakResult>> RunAsync(BenchWorld world, BenchOptions options, Recorder recorder, ServerProcess server, CancellationToken cancellationToken)
    {
        var members = world.Members.Take(options.Members).ToList();
        var connected = members.Where(m => m.Connected).Select(m => m.Index).ToHashSet();
        var senders = members.Take(options.Senders).Where(m => m.Connected).ToList();
        var duration = options.SoakDuration;
        Progress.Say(string.Create(CultureInfo.InvariantCulture,
            $"(e) soak: {duration.TotalMinutes:0.#} min, {options.SoakRate} messages/s from {senders.Count} members to {connected.Count}, a bot mention every {options.SoakBotEvery}, {world.ExtraConnections.Count} extra connections reopened in turns"));
        var book = new DeliveryBook(world.FanOutRoom, options.Members);
        recorder.Deliveries = book;
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var samples = new List<SoakSample>();
        var mentions = 0;
        var reconnects = 0;
        var reconnectFailures = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var start = Clock.Now();
        try
        {
            var sampling = SampleAsync(server, start, samples, stop.Token);
            var churning = ChurnAsync(world.ExtraConnections, options, () => reconnects++, () => reconnectFailures++, stop.Token);

            // A fixed schedule, not "as fast as acknowledged": a steady load for the whole run.
            var interval = TimeSpan.FromSeconds(1.0 / options.SoakRate);
            var sends = new List<Task>();
            for (var n = 0; Clock.SecondsSince(start) < duration.TotalSeconds; n++)
            {
                var sender = senders[n % senders.Count];
                if (options.SoakBotEvery > 0 && n % options.SoakBotEvery == options.SoakBotEvery - 1 && world.BotRoom != Guid.Empty)
                {
                    mentions++;
                    sends.Add(SendAsync(world.Members[0], world.BotRoom, $"@{world.BotHandle} say something ({n})", $"soak-bot-{world.RunId}-{n}", null, errors, cancellationToken));
                }
                else
                {
                    var clientMessageId = string.Create(CultureInfo.InvariantCulture, $"soak-{world.RunId}-{n}");
                    var probe = book.Add(sender.Index, clientMessageId);
                    probe.SentAt = Clock.Now();
                    sends.Add(SendAsync(sender, world.FanOutRoom, string.Create(CultureInfo.InvariantCulture, $"soak {n}"), clientMessageId, probe, errors, cancellationToken));
                }

                sends.RemoveAll(t => t.IsCompleted);
                var next = start + (long)((n + 1) * interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                var wait = TimeSpan.FromSeconds((next - Clock.Now()) / (double)System.Diagnostics.Stopwatch.Frequency);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }

            await Task.WhenAll(sends);
            await stop.CancelAsync();
            await Task.WhenAll(sampling, churning);
            Progress.Say($"    sending done; waiting for outstanding deliveries (up to {options.DeliveryTimeout.TotalSeconds:0} s)");
            await book.WaitForAllAsync(connected, options.DeliveryTimeout, cancellationToken);
        }
        finally
        {
            recorder.Deliveries = null;
        }

        var result = new SoakResult(Clock.SecondsSince(start), options.SoakRate, mentions, reconnects, reconnectFailures, samples, book.Analyse(connected));
        if (reconnectFailures > 0)
        {
            errors.Add($"{reconnectFailures} of {reconnects} reconnections failed");
        }

        return new ScenarioOutcome<SoakResult>(result, [.. errors.Distinct().Take(5)]);
    }

    private static async Task SendAsync(ChatMember sender, Guid room, string text, string clientMessageId, Probe? probe, System.Collections.Concurrent.ConcurrentBag<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendMessageAsync(room, text, clientMessageId, cancellationToken);
            if (probe is not null)
            {
                probe.AckedAt = Clock.Now();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            errors.Add($"SendMessage failed: {e.Message}");
        }
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
    private static async Task ChurnAsync(IReadOnlyList<ChatMember> extra, BenchOptions options, Action reconnected, Action failed, CancellationToken cancellationToken)
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
                try
                {
                    await connection.ConnectAsync(options, CancellationToken.None);
                    reconnected();
                }
                catch (BenchException)
                {
                    failed();
                }
            }
        }
    }
}

/// <summary>One sample of the server's process, <see cref="Seconds"/> after the soak began.</summary>
internal sealed record SoakSample(double Seconds, long RssKb, int Threads, int OpenFiles, double CpuSeconds);

/// <summary>
/// What the soak measured. "Flat" compares the median of the samples in the run's second sixth
/// (after start-up and warm caches) with the median of its last sixth.
/// </summary>
internal sealed record SoakResult(double Seconds, int Rate, int BotMentions, int Reconnects, int ReconnectFailures, List<SoakSample> Samples, DeliveryResult Deliveries)
{
    public const double RssGrowthLimit = 0.10;

    public (double Early, double Late) Window(Func<SoakSample, double> value)
    {
        var sixth = Seconds / 6;
        double Median(IEnumerable<SoakSample> s) => s.Select(value).Order().DefaultIfEmpty(0).ElementAt(s.Count() / 2);
        return (Median(Samples.Where(s => s.Seconds >= sixth && s.Seconds < 2 * sixth)), Median(Samples.Where(s => s.Seconds >= 5 * sixth)));
    }

    public bool RssFlat => Window(s => s.RssKb) is var (early, late) && late <= early * (1 + RssGrowthLimit);

    /// <summary>Threads and open files may move a little (the thread pool grows and shrinks); a leak grows with time.</summary>
    public bool ThreadsFlat => Window(s => s.Threads) is var (early, late) && late <= early * 1.2 + 4;

    public bool OpenFilesFlat => Window(s => s.OpenFiles) is var (early, late) && late <= early * 1.05 + 20;
}
