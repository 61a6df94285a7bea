using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>
/// Creates the benchmark's users (admin API), signs them in, creates the bot and the rooms. Names
/// carry a run id, so a second run against the same database makes its own.
/// </summary>
internal sealed class BenchSetup(BenchOptions options, WarblerRest rest, Recorder recorder)
{
    private const string Password = "bench-password-not-secret";

    private readonly string _runId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];

    public async Task<BenchWorld> RunAsync(CancellationToken cancellationToken)
    {
        var count = options.Members;
        var members = new ChatMember?[count];
        var started = Clock.Now();

        // The first user at once, so a server without the hub is found out before thousands of users are made.
        Progress.Say($"Creating user 0 of {count} and signing in");
        members[0] = await CreateMemberAsync(0, cancellationToken);
        if (options.HubProbe)
        {
            Progress.Say($"Checking the chat hub at {options.HubUrl} with one connection");
            await members[0]!.ConnectAsync(options, cancellationToken);
            await members[0]!.StopAsync();
        }

        Progress.Say($"Creating {count - 1} more users and signing them in ({options.SetupParallelism} at a time)");
        var done = 0;
        var next = Math.Max(1, count / 10);
        await Parallel.ForEachAsync(
            Enumerable.Range(1, count - 1),
            new ParallelOptions { MaxDegreeOfParallelism = options.SetupParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                members[i] = await CreateMemberAsync(i, ct);
                var n = Interlocked.Increment(ref done);
                if (n % next == 0)
                {
                    Progress.Say($"  {n + 1} of {count} users ready");
                }
            });
        var users = members.Select(m => m!).ToList();
        var extra = Enumerable.Range(count, Math.Max(0, options.ConnectionCount - count))
            .Select(i => new ChatMember(i, users[i % count].UserId, users[i % count].AccessToken, recorder))
            .ToList();
        var world = new BenchWorld { RunId = _runId, Members = users, ExtraConnections = extra };
        world.CreateUsersSeconds = Clock.SecondsSince(started);

        var owner = world.Members[0];
        var others = (int from, int to) => world.Members.Skip(from).Take(to - from).Select(m => m.UserId);
        if (options.Scenarios.Contains("bot") || options.Scenarios.Contains("soak"))
        {
            var handle = "benchbot" + _runId;
            Progress.Say($"Creating the bot @{handle} (model {options.BotModel}) and its room of {options.BotMembers} members");
            world.BotHandle = await rest.CreateBotAsync("Bench bot", handle, options.BotModel, cancellationToken);
            world.BotRoom = await rest.CreateRoomAsync(owner.AccessToken, $"bench {_runId} bot", others(1, options.BotMembers), [world.BotHandle], cancellationToken);
        }

        Progress.Say($"Creating the fan-out room of {options.Members} members");
        world.FanOutRoom = await rest.CreateRoomAsync(owner.AccessToken, $"bench {_runId} fan-out", others(1, options.Members), [], cancellationToken);

        Progress.Say(string.Create(CultureInfo.InvariantCulture, $"Set-up done in {Clock.SecondsSince(started):0.0} s"));
        return world;
    }

    private async Task<ChatMember> CreateMemberAsync(int index, CancellationToken cancellationToken)
    {
        var email = string.Create(CultureInfo.InvariantCulture, $"bench-{_runId}-{index}@bench.example");
        var id = await rest.CreateUserAsync(email, Password, string.Create(CultureInfo.InvariantCulture, $"Bench {index}"), cancellationToken);
        var token = await rest.SignInAsync(email, Password, cancellationToken);
        return new ChatMember(index, id, token, recorder);
    }
}
