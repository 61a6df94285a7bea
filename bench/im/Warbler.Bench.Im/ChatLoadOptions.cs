using System.Globalization;

namespace Warbler.Bench.Im;

/// <summary>The settings of <c>chatload</c>; every one has a command-line option (see <see cref="Usage"/>).</summary>
internal sealed class ChatLoadOptions
{
    public const string Command = "chatload";

    public Uri ServerUrl { get; private set; } = new("http://127.0.0.1:5080");

    public string AdminKey { get; private set; } = Environment.GetEnvironmentVariable("WARBLER_ADMIN_KEY") ?? "";

    public int Users { get; private set; } = 200;

    public int RoomSize { get; private set; } = 10;

    /// <summary>Messages a second, all rooms together.</summary>
    public int Rate { get; private set; } = 50;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(60);

    /// <summary>Every Nth message mentions its room's bot; 0 for none.</summary>
    public int BotEvery { get; private set; } = 10;

    public string BotModel { get; private set; } = "bench-model";

    /// <summary>Whether to have the server killed (SIGKILL) half way through the sending.</summary>
    public bool Kill { get; private set; }

    /// <summary>
    /// Where the tool asks the script to restart the server: it writes <c>restart-N</c> (holding
    /// <c>term</c> or <c>kill</c>) and waits for <c>restarted-N</c>. Without it, the server is not restarted.
    /// </summary>
    public string? ControlDirectory { get; private set; }

    public string? ResultsDirectory { get; private set; }

    public int SetupParallelism { get; private set; } = 8;

    /// <summary>How long a send is retried (the same client message id) before it counts as failed.</summary>
    public TimeSpan GiveUpAfter { get; private set; } = TimeSpan.FromMinutes(2);

    /// <summary>The window, from the server's start, reported on its own.</summary>
    public static readonly TimeSpan FirstSeconds = TimeSpan.FromSeconds(10);

    public const string Usage = """
        Warbler chat load: users in group rooms send at a steady rate over the hub; acknowledgement latency.

        Usage: Warbler.Bench.Im chatload --url URL --admin-key KEY [options]
          --users N             users, each with a hub connection (200)
          --room-size N         members per group room (10)
          --rate N              messages a second, all rooms together (50)
          --duration S          seconds of sending (60)
          --bot-every N         every Nth message mentions its room's bot, 0 for none (10)
          --bot-model NAME      the bots' model (bench-model)
          --control DIR         ask the script (bench/im.sh) to restart the server through files in DIR:
                                once after the set-up, so the load starts right after a start
          --kill                and once more half way through the sending, with SIGKILL
          --results DIR         where chatload.txt and chatload.json go
          --setup-parallelism N REST calls at once while creating users (8)
        """;

    public static ChatLoadOptions Parse(string[] args)
    {
        var options = new ChatLoadOptions();
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new BenchException($"{name} needs a value.");
            int Int(int min)
            {
                var value = Value();
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min
                    ? number
                    : throw new BenchException($"{name} must be a whole number of at least {min}, not '{value}'.");
            }

            switch (name)
            {
                case "--url":
                    options.ServerUrl = Uri.TryCreate(Value(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                        ? url
                        : throw new BenchException($"--url must be an http(s) address, not '{args[i]}'.");
                    break;
                case "--admin-key": options.AdminKey = Value(); break;
                case "--users": options.Users = Int(2); break;
                case "--room-size": options.RoomSize = Int(2); break;
                case "--rate": options.Rate = Int(1); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Int(1)); break;
                case "--bot-every": options.BotEvery = Int(0); break;
                case "--bot-model": options.BotModel = Value(); break;
                case "--kill": options.Kill = true; break;
                case "--control": options.ControlDirectory = Value(); break;
                case "--results": options.ResultsDirectory = Value(); break;
                case "--setup-parallelism": options.SetupParallelism = Int(1); break;
                case "-h" or "--help": throw new HelpRequestedException();
                default: throw new BenchException($"Unknown option '{name}'. Run with --help for the list.");
            }
        }

        if (string.IsNullOrEmpty(options.AdminKey))
        {
            throw new BenchException("The admin key is needed to create users and bots: pass --admin-key or set WARBLER_ADMIN_KEY.");
        }

        if (options.Kill && options.ControlDirectory is null)
        {
            throw new BenchException("--kill needs --control: the script restarts the server.");
        }

        if (options.RoomSize > options.Users)
        {
            throw new BenchException($"--room-size ({options.RoomSize}) may not exceed --users ({options.Users}).");
        }

        return options;
    }

    /// <summary>The options the hub connections need.</summary>
    public BenchOptions HubOptions() => BenchOptions.Parse(["--url", ServerUrl.ToString(), "--admin-key", AdminKey]);
}
