using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// Exercises every path once with a few connections (connect, send, fan-out, a bot reply), so the
/// server's code is compiled and its caches are filled before anything is measured; then closes them.
/// </summary>
internal static class WarmUp
{
    private const int ConnectionCount = 20;
    private const int MessageCount = 20;

    public static async Task RunAsync(BenchWorld world, BenchOptions options, Recorder recorder, CancellationToken cancellationToken)
    {
        var warm = world.Members.Take(Math.Min(ConnectionCount, options.Members)).ToList();
        Progress.Say($"Warm-up: {warm.Count} connections, {MessageCount} messages{(world.BotHandle is null ? "" : ", one bot reply")}");
        var connect = await Connections.ConnectAsync(warm, options, cancellationToken);
        if (connect.Connected == 0 || !warm[0].Connected)
        {
            throw new BenchException($"no hub connection could be opened: {string.Join("; ", connect.Errors)}");
        }

        var connected = warm.Where(m => m.Connected).Select(m => m.Index).ToHashSet();
        var book = new DeliveryBook(world.FanOutRoom, options.Members);
        recorder.Deliveries = book;
        try
        {
            for (var i = 0; i < MessageCount; i++)
            {
                var clientMessageId = string.Create(CultureInfo.InvariantCulture, $"warm-{world.RunId}-{i}");
                var probe = book.Add(0, clientMessageId);
                probe.SentAt = Clock.Now();
                try
                {
                    await warm[0].SendMessageAsync(world.FanOutRoom, "warm-up", clientMessageId, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    throw new BenchException($"SendMessage(roomId, text, clientMessageId, replyTo) on the chat hub failed: {e.GetType().Name}: {e.Message}", e);
                }

                probe.AckedAt = Clock.Now();
            }

            if (!await book.WaitForAllAsync(connected, TimeSpan.FromSeconds(10), cancellationToken))
            {
                Progress.Say($"WARNING: warm-up: {book.Deliveries} of {MessageCount * (connected.Count - 1)} messageCreated events arrived " +
                    $"(events whose message had no roomId: {recorder.Unparsed}); the scenarios will show what is missing");
            }
        }
        finally
        {
            recorder.Deliveries = null;
        }

        if (world.BotHandle is not null)
        {
            var among = warm.Take(options.BotMembers).Where(m => m.Connected).Select(m => m.Index).ToList();
            var streams = new StreamBook(world.BotRoom, options.BotMembers);
            recorder.Streams = streams;
            try
            {
                await warm[0].SendMessageAsync(world.BotRoom, $"@{world.BotHandle} warm up", $"warm-bot-{world.RunId}", cancellationToken);
                var deadline = Clock.Now() + (60 * System.Diagnostics.Stopwatch.Frequency);
                while (streams.MembersWithCompleted(1, among) < among.Count && Clock.Now() < deadline)
                {
                    await Task.Delay(20, cancellationToken);
                }

                if (streams.MembersWithCompleted(1, among) < among.Count)
                {
                    Progress.Say("WARNING: warm-up: the bot's reply did not complete at every member within 60 s");
                }
            }
            finally
            {
                recorder.Streams = null;
            }
        }

        await Connections.StopAsync(warm, options.ConnectParallelism);
    }
}
