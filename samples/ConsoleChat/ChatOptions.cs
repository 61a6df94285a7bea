namespace ConsoleChat;

/// <summary>What the chat needs, from the command line or else the environment.</summary>
internal sealed record ChatOptions(Uri Url, string Email, string Password, bool Register, string Bot)
{
    public const string Usage = """
        Usage: ConsoleChat [--url URL] [--email EMAIL] [--password PASSWORD] [--register] [--bot HANDLE]

        Chats with a Warbler bot: each line you type is sent, and the bot's reply is printed as it
        is written. Ends at the end of input (Ctrl+D) or with /exit; Ctrl+C stops a reply.

          --url URL            The Warbler server (WARBLER_URL; default http://localhost:5080).
          --email EMAIL        Your account (WARBLER_EMAIL).
          --password PASSWORD  Your password (WARBLER_PASSWORD).
          --register           Create the account first if signing in fails.
          --bot HANDLE         The bot to talk to (default: assistant).
        """;

    /// <returns>The options, or null with the reason when they are incomplete.</returns>
    public static (ChatOptions? Options, string? Problem) Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var register = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--register":
                    register = true;
                    break;
                case "--url" or "--email" or "--password" or "--bot" when i + 1 < args.Length:
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

        return (new ChatOptions(address, email, password, register, (values.GetValueOrDefault("bot") ?? "assistant").TrimStart('@')), null);
    }
}
