using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// (b) Several members send for a fixed time, each sending its next message as soon as the server
/// acknowledges the last; every member records each delivery.
/// </summary>
internal static class ThroughputScenario
{
    public static async Task<ScenarioOutcome<ThroughputResult>> RunAsync(BenchWorld world, BenchOptions options, Recorder recorder, CancellationToken cancellationToken)
    {
        var members = world.Members.Take(options.Members).ToList();
        var connected = members.Where(m => m.Connected).Select(m => m.Index).ToHashSet();
        var senders = members.Take(options.Senders).Where(m => m.Connected).ToList();
        Progress.Say(string.Create(CultureInfo.InvariantCulture,
            $"(b) throughput: {senders.Count} members send as fast as acknowledged for {options.Duration.TotalSeconds:0} s to {connected.Count} connected members"));
        var book = new DeliveryBook(world.FanOutRoom, options.Members);
        recorder.Deliveries = book;
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        double sendSeconds;
        bool drained;
        try
        {
            var start = Clock.Now();
            await Task.WhenAll(senders.Select(async sender =>
            {
                for (var n = 0; Clock.SecondsSince(start) < options.Duration.TotalSeconds; n++)
                {
                    var clientMessageId = string.Create(CultureInfo.InvariantCulture, $"tp-{world.RunId}-{sender.Index}-{n}");
                    var probe = book.Add(sender.Index, clientMessageId);
                    probe.SentAt = Clock.Now();
                    try
                    {
                        await sender.SendMessageAsync(world.FanOutRoom, string.Create(CultureInfo.InvariantCulture, $"load {sender.Index}/{n}"), clientMessageId, cancellationToken);
                        probe.AckedAt = Clock.Now();
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        errors.Add($"SendMessage failed: {e.Message}");
                        if (!sender.Connected)
                        {
                            return;
                        }
                    }
                }
            }));
            sendSeconds = Clock.SecondsSince(start);
            Progress.Say($"    sending done; waiting for outstanding deliveries (up to {options.DeliveryTimeout.TotalSeconds:0} s)");
            drained = await book.WaitForAllAsync(connected, options.DeliveryTimeout, cancellationToken);
        }
        finally
        {
            recorder.Deliveries = null;
        }

        var deliveries = book.Analyse(connected);
        var result = new ThroughputResult(
            Senders: senders.Count,
            Receivers: connected.Count,
            SendSeconds: sendSeconds,
            AckedPerSecond: deliveries.Sent / sendSeconds,
            DeliveriesPerSecond: deliveries.Span > 0 ? deliveries.Received / deliveries.Span : 0,
            Drained: drained,
            Deliveries: deliveries);
        return new ScenarioOutcome<ThroughputResult>(result, [.. errors.Distinct().Take(5)]);
    }
}

/// <summary>
/// Sustained load: messages acknowledged per second of sending, and deliveries per second from the
/// first send to the last delivery.
/// </summary>
internal sealed record ThroughputResult(
    int Senders,
    int Receivers,
    double SendSeconds,
    double AckedPerSecond,
    double DeliveriesPerSecond,
    bool Drained,
    DeliveryResult Deliveries);
