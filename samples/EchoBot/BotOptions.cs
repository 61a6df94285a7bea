namespace EchoBot;

/// <summary>What the bot needs, from the command line or else the environment.</summary>
internal sealed record BotOptions(Uri Url, string Email, string Password, bool Register, string Name, string? CreateRoom, IReadOnlyList<string> Invite, int? Count)
{
    public const string Usage = """
        Usage: EchoBot [--url URL] [--email EMAIL] [--password PASSWORD] [--register] [--name NAME]
                       [--create-room TITLE [--invite EMAIL]...] [--count N]

        A bot that runs outside Warbler, as an ordinary user: in every room it is in, it answers each
        message that mentions @NAME with the message's words, counted and reversed.

          --url URL            The Warbler server (WARBLER_URL; default http://localhost:5080).
          --email EMAIL        The bot's account (WARBLER_EMAIL).
          --password PASSWORD  Its password (WARBLER_PASSWORD).
          --register           Create the account first if signing in fails.
          --name NAME          Its name, mentioned as @NAME (default: echo).
          --create-room TITLE  Create a group room to listen in, with the people given by --invite.
          --invite EMAIL       Someone to add to that room (found by their email).
          --count N            Stop after answering N messages (default: run until Ctrl+C).
        """;

    /// <returns>The options, or null with the reason when they are incomplete.</returns>
    public static (BotOptions? Options, string? Problem) Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var invite = new List<string>();
        var register = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--register":
                    register = true;
                    break;
                case "--invite" when i + 1 < args.Length:
                    invite.Add(args[++i]);
                    break;
                case "--url" or "--email" or "--password" or "--name" or "--create-room" or "--count" when i + 1 < args.Length:
                    values[args[i][2..]] = args[++i];
                    break;
                default:
                    return (null, $"Unknown or incomplete option '{args[i]}'.");
            }
        }

        var url = values.GetValueOrDefault("url") ?? Environment.GetEnvironmentVariable("WARBLER_URL") ?? "http://localhost:5080";
        var email = values.GetValueOrDefault("email") ?? Environment.GetEnvironmentVariable("WARBLER_EMAIL");
        var password = values.GetValueOrDefault("password") ?? Environment.GetEnvironmentVariable("WARBLER_PASSWORD");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            return (null, $"--url '{url}' is not an absolute URL.");
        }

        if (string.IsNullOrEmpty(email) || string.IsNullOrEmpty(password))
        {
            return (null, "Give an email and a password (--email and --password, or WARBLER_EMAIL and WARBLER_PASSWORD).");
        }

        int? count = null;
        if (values.TryGetValue("count", out var countText))
        {
            if (!int.TryParse(countText, out var parsed) || parsed < 1)
            {
                return (null, $"--count '{countText}' is not a number of 1 or more.");
            }

            count = parsed;
        }

        if (invite.Count > 0 && !values.ContainsKey("create-room"))
        {
            return (null, "--invite needs --create-room.");
        }

        var name = (values.GetValueOrDefault("name") ?? "echo").TrimStart('@');
        return (new BotOptions(address, email, password, register, name, values.GetValueOrDefault("create-room"), invite, count), null);
    }
}
