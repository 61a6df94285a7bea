using System.Diagnostics;
using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// <c>chatload</c>: users in group rooms (each with a bot) send at a steady rate over the hub, as
/// people do, and every acknowledgement's latency is kept. The server is restarted once after the
/// set-up and the tool's own warm-up (<see cref="ChatLoadWarmUp"/>), so the load starts right after
/// a start; with <c>--kill</c> it is killed (SIGKILL) half
/// way and started again on the same data, and the senders retry what was not acknowledged with
/// the same client message id, as clients do. At the end every room is read back: no acknowledged
/// message may be missing or stored twice, and no bot reply may be left "streaming".
/// </summary>
internal static class ChatLoad
{
    private const string Password = "bench-password-not-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        ChatLoadOptions options;
        try
        {
            options = ChatLoadOptions.Parse(args);
        }
        catch (HelpRequestedException)
        {
            Console.WriteLine(ChatLoadOptions.Usage);
            return 0;
        }
        catch (BenchException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var result = new ChatLoadResult { Users = options.Users, RoomSize = options.RoomSize, Rate = options.Rate, DurationSeconds = options.Duration.TotalSeconds, BotEvery = options.BotEvery, Killed = options.Kill };
        List<ChatMember> members = [];
        try
        {
            members = await RunAsync(options, result, stop.Token);
        }
        catch (BenchException e)
        {
            Progress.Say($"FAILED: {e.Message}");
            result.Aborted = e.Message;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            result.Aborted = "interrupted";
        }
        finally
        {
            await Connections.StopAsync(members, 32);
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }

        var summary = ChatLoadReport.Summary(result);
        await ChatLoadReport.WriteAsync(options.ResultsDirectory, result, summary);
        Console.WriteLine();
        Console.Write(summary);
        return result.Aborted is not null ? 2 : result.Passed ? 0 : 1;
    }

    private static async Task<List<ChatMember>> RunAsync(ChatLoadOptions options, ChatLoadResult result, CancellationToken cancellationToken)
    {
        var runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        var hub = options.HubOptions();
        var control = options.ControlDirectory is { } directory ? new ServerControl(directory) : null;
        using var rest = new WarblerRest(options.ServerUrl, options.AdminKey, options.SetupParallelism);
        var recorder = new Recorder();

        Progress.Say($"chatload: {options.Users} users in rooms of {options.RoomSize}, {options.Rate} messages/s for {options.Duration.TotalSeconds:0} s, a bot mention every {options.BotEvery}");
        var bot = options.BotEvery > 0 ? await rest.CreateBotAsync("Load bot", "loadbot" + runId, options.BotModel, cancellationToken) : null;
        var created = new ChatMember[options.Users];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, options.Users),
            new ParallelOptions { MaxDegreeOfParallelism = options.SetupParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"load-{runId}-{i}@bench.example");
                var id = await rest.CreateUserAsync(email, Password, string.Create(CultureInfo.InvariantCulture, $"Load {i}"), ct);
                created[i] = new ChatMember(i, id, await rest.SignInAsync(email, Password, ct), recorder);
            });
        var members = created.ToList();
        var roomOf = new Guid[members.Count];
        var owners = new Dictionary<Guid, string>();
        foreach (var group in members.Chunk(options.RoomSize))
        {
            var room = await rest.CreateRoomAsync(group[0].AccessToken, $"load {runId} {group[0].Index / options.RoomSize}", group.Skip(1).Select(m => m.UserId), bot is null ? [] : [bot], cancellationToken);
            owners[room] = group[0].AccessToken;
            foreach (var member in group)
            {
                roomOf[member.Index] = room;
            }
        }

        Progress.Say($"Set-up done: {members.Count} users, {owners.Count} rooms");
        await ChatLoadWarmUp.RunAsync(members, roomOf, owners, bot, hub, rest, runId, cancellationToken);

        // The load starts right after a start of the server, as after an upgrade or a crash.
        var serverReady = Clock.Now();
        if (control is not null)
        {
            Progress.Say("Restarting the server, so the load starts right after a start");
            result.StartSeconds.Add(await control.RestartAsync("term", cancellationToken));
            serverReady = Clock.Now();
        }

        var connect = await Connections.ConnectAsync(members, hub, cancellationToken);
        result.ConnectSeconds = connect.Seconds;
        if (connect.Failed > 0)
        {
            result.Errors.Add($"{connect.Failed} of {connect.Attempted} hub connections failed: {string.Join("; ", connect.Errors)}");
        }

        var total = (int)(options.Rate * options.Duration.TotalSeconds);
        var sends = new List<ChatLoadSend>(total);
        var tasks = new List<Task>(total);
        Task? killing = null;
        long killAt = 0, restartedAt = 0;
        Progress.Say($"Sending {total} messages, {connect.Seconds:0.0} s after the server's start{(options.Kill ? "; the server is killed half way" : "")}");
        var start = Clock.Now();
        for (var n = 0; n < total; n++)
        {
            var due = start + (long)n * Stopwatch.Frequency / options.Rate;
            var wait = Clock.Ms(Clock.Now(), due);
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
            }

            if (options.Kill && n == total / 2)
            {
                killAt = Clock.Now();
                killing = Task.Run(
                    async () =>
                    {
                        result.StartSeconds.Add(await control!.RestartAsync("kill", cancellationToken));
                        restartedAt = Clock.Now();
                    },
                    cancellationToken);
            }

            var sender = members[n % members.Count];
            var mention = bot is not null && n % options.BotEvery == options.BotEvery - 1;
            var text = mention ? string.Create(CultureInfo.InvariantCulture, $"@{bot} answer {n}") : string.Create(CultureInfo.InvariantCulture, $"load {n}");
            var send = new ChatLoadSend(n, sender, roomOf[sender.Index], string.Create(CultureInfo.InvariantCulture, $"cl-{runId}-{n}"), text);
            sends.Add(send);
            tasks.Add(SendAsync(send, hub, options.GiveUpAfter, cancellationToken));
        }

        result.SendSeconds = Clock.SecondsSince(start);
        await Task.WhenAll(tasks);
        if (killing is not null)
        {
            await killing;
        }

        Progress.Say("Sending done; reading every room back");
        Measure(result, sends, serverReady, killAt, restartedAt);
        await ChatLoadCheck.RunAsync(rest, owners, sends, result, cancellationToken);
        return members;
    }

    /// <summary>Sends until acknowledged, reconnecting and retrying with the same client message id, as a client does.</summary>
    private static async Task SendAsync(ChatLoadSend send, BenchOptions hub, TimeSpan giveUpAfter, CancellationToken cancellationToken)
    {
        send.SentAt = Clock.Now();
        for (var attempt = 1; ; attempt++)
        {
            send.Attempts = attempt;
            try
            {
                await send.Sender.EnsureConnectedAsync(hub, cancellationToken);
                await send.Sender.SendMessageAsync(send.Room, send.Text, send.ClientMessageId, cancellationToken);
                send.AckedAt = Clock.Now();
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                send.LastError = e.Message;
                if (Clock.SecondsSince(send.SentAt) > giveUpAfter.TotalSeconds)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt)), cancellationToken);
            }
        }
    }

    private static void Measure(ChatLoadResult result, List<ChatLoadSend> sends, long serverReady, long killAt, long restartedAt)
    {
        bool CaughtByKill(ChatLoadSend s) => killAt != 0 && s.Overlaps(killAt, restartedAt);
        bool Within(ChatLoadSend s, long from) => from != 0 && s.SentAt >= from && Clock.Ms(from, s.SentAt) < ChatLoadOptions.FirstSeconds.TotalMilliseconds;
        var acked = sends.Where(s => s.Acked).ToList();
        result.Sent = sends.Count;
        result.Acked = acked.Count;
        result.Failed = sends.Where(s => !s.Acked).Select(s => $"{s.ClientMessageId}: {s.LastError}").ToList();
        result.Overall = Percentiles.Of(acked.Where(s => !CaughtByKill(s)).Select(s => s.LatencyMs));
        result.FirstSeconds = Percentiles.Of(acked.Where(s => Within(s, serverReady)).Select(s => s.LatencyMs));
        if (killAt != 0)
        {
            result.AfterRestart = Percentiles.Of(acked.Where(s => !CaughtByKill(s) && Within(s, restartedAt)).Select(s => s.LatencyMs));
            result.CaughtByKill = Percentiles.Of(acked.Where(CaughtByKill).Select(s => s.LatencyMs));
        }

        result.Slowest = acked.Where(s => !CaughtByKill(s)).OrderByDescending(s => s.LatencyMs).Take(5)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.LatencyMs:0.0} ms at {Clock.Ms(serverReady, s.SentAt) / 1000:0.00} s after the start"))
            .ToList();
    }
}
