using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>What to run and against which server; every setting has a command-line option.</summary>
internal sealed class BenchOptions
{
    public Uri ServerUrl { get; private set; } = new("http://127.0.0.1:5080");

    public string AdminKey { get; private set; } = Environment.GetEnvironmentVariable("WARBLER_ADMIN_KEY") ?? "";

    /// <summary>Members of the fan-out room, each with a hub connection.</summary>
    public int Members { get; private set; } = 1000;

    /// <summary>
    /// Connections held while measuring memory: the members' own, plus more of the members signed in
    /// again (as from a second device) up to this count.
    /// </summary>
    public int Idle { get; private set; } = 5000;

    /// <summary>Members of the room with the bot.</summary>
    public int BotMembers { get; private set; } = 100;

    public int Messages { get; private set; } = 50;

    public TimeSpan MessageInterval { get; private set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public int Senders { get; private set; } = 4;

    public int BotReplies { get; private set; } = 3;

    public string BotModel { get; private set; } = "bench-model";

    /// <summary>Content chunks the fake upstream streams per reply, and the pause between them (only reported).</summary>
    public int BotChunks { get; private set; } = 100;

    public int BotChunkDelayMs { get; private set; } = 20;

    /// <summary>Soak: how long, messages a second, a bot mention every N messages, extra connections reopened every half minute.</summary>
    public TimeSpan SoakDuration { get; private set; } = TimeSpan.FromMinutes(30);

    public int SoakRate { get; private set; } = 10;

    public int SoakBotEvery { get; private set; } = 50;

    public int SoakChurn { get; private set; } = 100;

    /// <summary>Soak: the file of injected fault windows (see bench/faults.sh), read when the sending is over.</summary>
    public string? FaultsFile { get; private set; }

    /// <summary>Soak: where to write its start (Unix seconds) when it begins, for the fault injector to follow.</summary>
    public string? StartedFile { get; private set; }

    public int ConnectParallelism { get; private set; } = 32;

    public int SetupParallelism { get; private set; } = 8;

    public TimeSpan ConnectTimeout { get; private set; } = TimeSpan.FromSeconds(30);

    public TimeSpan DeliveryTimeout { get; private set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the server is left alone before its memory is sampled.</summary>
    public TimeSpan Settle { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>The server's process id, for its RSS from /proc; 0 when it is not on this machine.</summary>
    public int ServerPid { get; private set; }

    public string? ResultsDirectory { get; private set; }

    /// <summary>Connect to the hub with one user before creating the others, to fail fast without a hub.</summary>
    public bool HubProbe { get; private set; } = true;

    /// <summary>Negotiate first (POST /hubs/chat/negotiate), as browsers do, instead of opening the WebSocket at once.</summary>
    public bool Negotiate { get; private set; }

    /// <summary>Pass the token as the <c>access_token</c> query parameter (as browsers must) instead of a bearer header.</summary>
    public bool TokenInQuery { get; private set; }

    public HashSet<string> Scenarios { get; private set; } = [.. AllScenarios];

    /// <summary>The scenarios a plain run includes; <c>soak</c> runs only when asked for.</summary>
    public static readonly string[] AllScenarios = ["idle", "fanout", "throughput", "bot"];

    public static readonly string[] KnownScenarios = [.. AllScenarios, "soak"];

    public Uri HubUrl => new(ServerUrl, HubPath);

    public const string HubPath = "/hubs/chat";

    public const string Usage = """
        Warbler IM benchmark: N members in one group room over the SignalR hub at /hubs/chat.

        Usage: Warbler.Bench.Im --url http://127.0.0.1:PORT [options]
               Warbler.Bench.Im lock-sqlite DATABASE-FILE SECONDS   (holds its write lock: a fault)
          --url URL                  Warbler's base address (default http://127.0.0.1:5080)
          --admin-key KEY            admin key (default: $WARBLER_ADMIN_KEY)
          --members N                members of the fan-out room, each connected (1000)
          --idle N                   connections held for the memory figure, members included (5000)
          --bot-members N            members of the bot's room (100)
          --messages N               fan-out: messages sent by one member (50)
          --interval-ms N            fan-out: pause between them (100)
          --duration S               throughput: seconds of sending (10)
          --senders N                throughput: members sending at once (4)
          --bot-replies N            bot stream: replies asked for, one after the other (3)
          --bot-model NAME           the bot's model, served by the fake upstream (bench-model)
          --bot-chunks N             chunks per reply the fake upstream sends, for the report (100)
          --bot-chunk-delay-ms N     its pause between chunks, for the report (20)
          --soak-seconds S           soak: how long it runs (1800)
          --soak-rate N              soak: messages a second into the fan-out room (10)
          --soak-bot-every N         soak: every Nth message mentions the bot instead, 0 for none (50)
          --soak-churn N             soak: extra connections closed and reopened every 30 s (100)
          --faults FILE              soak: windows of injected faults, "KIND START END GRACE" lines
                                     (Unix seconds), read when the sending is over: errors from START
                                     to END + GRACE are the fault's, others fail the run
          --started-file FILE        soak: where to write its start (Unix seconds) as it begins
          --connect-parallelism N    hub connections opened at once (32)
          --setup-parallelism N      REST calls at once while creating users and signing in (8)
          --connect-timeout S        per hub connection (30)
          --delivery-timeout S       how long to wait for outstanding deliveries (60)
          --settle S                 quiet time before each memory sample (5)
          --server-pid PID           Warbler's process id, to read its RSS from /proc
          --results DIR              where summary.txt and results.json go
          --scenarios LIST           comma-separated subset of idle,fanout,throughput,bot (all of
                                     these), or soak
          --no-hub-probe             create every user before the first hub connection
          --negotiate                negotiate before opening the WebSocket (default: skip negotiation)
          --token-in-query           send the token as ?access_token= (as browsers do) instead of the
                                     Authorization header the .NET client sends on the WebSocket upgrade
        """;

    /// <summary>Parses the command line; throws <see cref="BenchException"/> naming a bad option.</summary>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new BenchException($"{name} needs a value.");
                }

                return args[++i];
            }

            int Int(int min) => ParseInt(name, Value(), min);

            switch (name)
            {
                case "--url":
                    options.ServerUrl = Uri.TryCreate(Value(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                        ? url
                        : throw new BenchException($"--url must be an http(s) address, not '{args[i]}'.");
                    break;
                case "--admin-key": options.AdminKey = Value(); break;
                case "--members": options.Members = Int(2); break;
                case "--idle": options.Idle = Int(0); break;
                case "--bot-members": options.BotMembers = Int(1); break;
                case "--messages": options.Messages = Int(1); break;
                case "--interval-ms": options.MessageInterval = TimeSpan.FromMilliseconds(Int(0)); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Int(1)); break;
                case "--senders": options.Senders = Int(1); break;
                case "--bot-replies": options.BotReplies = Int(1); break;
                case "--bot-model": options.BotModel = Value(); break;
                case "--bot-chunks": options.BotChunks = Int(1); break;
                case "--bot-chunk-delay-ms": options.BotChunkDelayMs = Int(0); break;
                case "--soak-seconds": options.SoakDuration = TimeSpan.FromSeconds(Int(10)); break;
                case "--soak-rate": options.SoakRate = Int(1); break;
                case "--soak-bot-every": options.SoakBotEvery = Int(0); break;
                case "--soak-churn": options.SoakChurn = Int(0); break;
                case "--faults": options.FaultsFile = Value(); break;
                case "--started-file": options.StartedFile = Value(); break;
                case "--connect-parallelism": options.ConnectParallelism = Int(1); break;
                case "--setup-parallelism": options.SetupParallelism = Int(1); break;
                case "--connect-timeout": options.ConnectTimeout = TimeSpan.FromSeconds(Int(1)); break;
                case "--delivery-timeout": options.DeliveryTimeout = TimeSpan.FromSeconds(Int(1)); break;
                case "--settle": options.Settle = TimeSpan.FromSeconds(Int(0)); break;
                case "--server-pid": options.ServerPid = Int(0); break;
                case "--results": options.ResultsDirectory = Value(); break;
                case "--scenarios": options.Scenarios = ParseScenarios(Value()); break;
                case "--no-hub-probe": options.HubProbe = false; break;
                case "--negotiate": options.Negotiate = true; break;
                case "--token-in-query": options.TokenInQuery = true; break;
                case "-h" or "--help": throw new HelpRequestedException();
                default: throw new BenchException($"Unknown option '{name}'. Run with --help for the list.");
            }
        }

        if (string.IsNullOrEmpty(options.AdminKey))
        {
            throw new BenchException("The admin key is needed to create users and the bot: pass --admin-key or set WARBLER_ADMIN_KEY.");
        }

        if (options.Senders >= options.Members)
        {
            throw new BenchException($"--senders ({options.Senders}) must be fewer than --members ({options.Members}): someone has to receive.");
        }

        if (options.BotMembers > options.Members)
        {
            throw new BenchException($"--bot-members ({options.BotMembers}) may not exceed --members ({options.Members}): the bot's room is made of the first members.");
        }

        return options;
    }

    /// <summary>Connections to open: one per member, and more of the same users up to the idle count.</summary>
    public int ConnectionCount => Math.Max(Members, Scenarios.Contains("idle") || Scenarios.Contains("soak") ? Idle : 0);

    private static int ParseInt(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min
            ? number
            : throw new BenchException($"{name} must be a whole number of at least {min}, not '{value}'.");

    private static HashSet<string> ParseScenarios(string value)
    {
        var chosen = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = chosen.Except(KnownScenarios).ToList();
        return unknown.Count == 0 && chosen.Count > 0
            ? chosen
            : throw new BenchException($"--scenarios takes a comma-separated list of {string.Join(", ", KnownScenarios)}; '{value}' is not.");
    }
}

/// <summary>A failure the benchmark explains in one sentence, without a stack trace.</summary>
internal class BenchException(string message, Exception? inner = null) : Exception(message, inner);

internal sealed class HelpRequestedException() : BenchException("help");
