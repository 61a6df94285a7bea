using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// (a) One member sends messages at a steady pace; every other member records when each one's
/// <c>messageCreated</c> arrives. Latency is the time from just before the send to that arrival.
/// </summary>
internal static class FanOutScenario
{
    public static async Task<ScenarioOutcome<DeliveryResult>> RunAsync(BenchWorld world, BenchOptions options, Recorder recorder, CancellationToken cancellationToken)
    {
        var members = world.Members.Take(options.Members).ToList();
        var connected = members.Where(m => m.Connected).Select(m => m.Index).ToHashSet();
        var sender = members[0];
        Progress.Say(string.Create(CultureInfo.InvariantCulture,
            $"(a) fan-out: member 0 sends {options.Messages} messages, {options.MessageInterval.TotalMilliseconds:0} ms apart, to {connected.Count - 1} connected members"));
        var book = new DeliveryBook(world.FanOutRoom, options.Members);
        recorder.Deliveries = book;
        var errors = new List<string>();
        try
        {
            var start = Clock.Now();
            for (var i = 0; i < options.Messages; i++)
            {
                var due = TimeSpan.FromTicks(options.MessageInterval.Ticks * i) - TimeSpan.FromSeconds(Clock.SecondsSince(start));
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                var clientMessageId = string.Create(CultureInfo.InvariantCulture, $"fan-{world.RunId}-{i}");
                var probe = book.Add(sender.Index, clientMessageId);
                probe.SentAt = Clock.Now();
                try
                {
                    await sender.SendMessageAsync(world.FanOutRoom, string.Create(CultureInfo.InvariantCulture, $"fan-out message {i}"), clientMessageId, cancellationToken);
                    probe.AckedAt = Clock.Now();
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    errors.Add($"SendMessage failed: {e.Message}");
                }
            }

            if (!await book.WaitForAllAsync(connected, options.DeliveryTimeout, cancellationToken))
            {
                Progress.Say($"    not every delivery arrived within {options.DeliveryTimeout.TotalSeconds:0} s");
            }
        }
        finally
        {
            recorder.Deliveries = null;
        }

        var result = book.Analyse(connected);
        return new ScenarioOutcome<DeliveryResult>(result, [.. errors.Distinct().Take(5)]);
    }
}

/// <summary>A scenario's figures and the errors met while running it (distinct, at most a few).</summary>
internal sealed record ScenarioOutcome<T>(T Result, List<string> Errors);
