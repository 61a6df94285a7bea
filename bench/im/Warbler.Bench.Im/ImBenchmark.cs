namespace Warbler.Bench.Im;

/// <summary>
/// One run: set-up over REST, a warm-up, every connection opened (the idle-memory figure), then
/// the fan-out, throughput and bot stream scenarios, then every connection closed.
/// </summary>
internal static class ImBenchmark
{
    /// <summary>0 when everything arrived; 1 on errors (failed connections or sends, missing deliveries); 2 when it could not run.</summary>
    public static async Task<int> RunAsync(BenchOptions options, BenchResults results, CancellationToken cancellationToken)
    {
        Progress.Say($"Warbler IM benchmark against {options.ServerUrl} (hub {options.HubUrl})");
        using var rest = new WarblerRest(options.ServerUrl, options.AdminKey, options.SetupParallelism);
        var recorder = new Recorder();
        var server = new ServerProcess(options.ServerPid);
        BenchWorld? world = null;
        try
        {
            var setupStarted = Clock.Now();
            world = await new BenchSetup(options, rest, recorder).RunAsync(cancellationToken);
            results.RunId = world.RunId;
            results.Users = world.Members.Count;
            results.SetupSeconds = Clock.SecondsSince(setupStarted);
            results.RssAtStartKb = server.RssKb();

            await WarmUp.RunAsync(world, options, recorder, cancellationToken);

            var measureMemory = options.Scenarios.Contains("idle") && server.Available;
            List<long>? before = null;
            if (measureMemory)
            {
                Progress.Say($"(d) idle memory: server RSS with no connection, after {options.Settle.TotalSeconds:0} s of quiet");
                before = await server.SettledSamplesAsync(options.Settle, cancellationToken);
            }

            var targets = world.ExtraConnections.Count > 0 ? [.. world.Members, .. world.ExtraConnections] : world.Members;
            Progress.Say($"Opening {targets.Count:N0} hub connections ({options.ConnectParallelism} at a time, {options.ConnectTimeout.TotalSeconds:0} s timeout each)");
            var cpu = CpuUse.Start(server);
            var connect = await Connections.ConnectAsync(targets, options, cancellationToken);
            results.Connect = connect;
            results.Cpu["connect"] = cpu();
            if (connect.Failed > 0)
            {
                results.Errors.Add($"{connect.Failed} of {connect.Attempted} hub connections failed: {string.Join("; ", connect.Errors)}");
            }

            if (connect.Connected == 0)
            {
                results.Aborted = "no hub connection could be opened";
                return 2;
            }

            if (!world.Members[0].Connected)
            {
                results.Aborted = "member 0, who sends in every scenario, could not connect";
                return 2;
            }

            if (measureMemory)
            {
                Progress.Say($"(d) idle memory: server RSS with {connect.Connected:N0} idle connections, after {options.Settle.TotalSeconds:0} s of quiet");
                var after = await server.SettledSamplesAsync(options.Settle, cancellationToken);
                results.IdleMemory = new IdleMemoryResult(connect.Connected, ServerProcess.Median(before!), ServerProcess.Median(after), before!, after);
            }

            // The extra connections were for memory, and the soak's churn; the scenarios count deliveries per member.
            if (!options.Scenarios.Contains("soak"))
            {
                await Task.WhenAll(world.ExtraConnections.Select(c => c.StopAsync()));
            }

            if (options.Scenarios.Contains("fanout"))
            {
                cpu = CpuUse.Start(server);
                var fanOut = await FanOutScenario.RunAsync(world, options, recorder, cancellationToken);
                results.Cpu["fanout"] = cpu();
                results.FanOut = fanOut.Result;
                results.FanOutMessages = options.Messages;
                results.FanOutIntervalMs = options.MessageInterval.TotalMilliseconds;
                AddErrors(results, "(a) fan-out", fanOut.Errors, fanOut.Result);
            }

            if (options.Scenarios.Contains("throughput"))
            {
                cpu = CpuUse.Start(server);
                var throughput = await ThroughputScenario.RunAsync(world, options, recorder, cancellationToken);
                results.Cpu["throughput"] = cpu();
                results.Throughput = throughput.Result;
                AddErrors(results, "(b) throughput", throughput.Errors, throughput.Result.Deliveries);
            }

            if (options.Scenarios.Contains("bot"))
            {
                cpu = CpuUse.Start(server);
                var bot = await BotStreamScenario.RunAsync(world, options, recorder, cancellationToken);
                results.Cpu["bot"] = cpu();
                results.Bot = bot.Result;
                results.Errors.AddRange(bot.Errors.Select(e => $"(c) bot stream: {e}"));
            }

            if (options.Scenarios.Contains("soak"))
            {
                cpu = CpuUse.Start(server);
                var soak = await SoakScenario.RunAsync(world, options, recorder, server, cancellationToken);
                results.Cpu["soak"] = cpu();
                results.Soak = soak.Result;
                AddErrors(results, "(e) soak", soak.Errors, soak.Result.Deliveries);
            }

            var closed = world.Members.Take(targets.Count).Count(m => !m.Connected) - connect.Failed;
            if (closed > 0)
            {
                results.Errors.Add($"{closed} hub connections closed during the run");
            }

            results.RssAtEndKb = server.RssKb();
            return results.Errors.Count == 0 ? 0 : 1;
        }
        catch (BenchException e)
        {
            Progress.Say($"FAILED: {e.Message}");
            results.Aborted = e.Message;
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            results.Aborted = "interrupted";
            return 2;
        }
        finally
        {
            results.UnreadableEvents = recorder.Unparsed;
            if (world is not null)
            {
                Progress.Say("Closing the hub connections");
                await Connections.StopAsync(world.Members, options.ConnectParallelism);
                foreach (var member in world.Members)
                {
                    await member.DisposeAsync();
                }
            }
        }
    }

    private static void AddErrors(BenchResults results, string scenario, List<string> errors, DeliveryResult deliveries)
    {
        results.Errors.AddRange(errors.Select(e => $"{scenario}: {e}"));
        if (deliveries.Failed > 0)
        {
            results.Errors.Add($"{scenario}: {deliveries.Failed} of {deliveries.Sent + deliveries.Failed} sends failed");
        }

        if (deliveries.Missing > 0)
        {
            results.Errors.Add($"{scenario}: {deliveries.Missing:N0} of {deliveries.Expected:N0} deliveries missing");
        }

        if (deliveries.Duplicates > 0)
        {
            results.Errors.Add($"{scenario}: {deliveries.Duplicates:N0} deliveries doubled");
        }
    }
}
