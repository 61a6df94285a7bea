using System.ClientModel;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Warbler.Cli.Admin;
using Warbler.Cli.Ask;
using Warbler.Cli.Chat;
using Warbler.Cli.Connection;
using Warbler.Cli.Errors;
using Warbler.Cli.Login;

namespace Warbler.Cli;

/// <summary>The command tree, and the one place where failures become a line on standard error and an exit code.</summary>
internal static class WarblerCli
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            var root = CreateRootCommand();

            // Bare `warbler` shows what it can do rather than an error.
            var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
            var seeHelp = $"(see '{string.Join(' ', Path(parse))} --help')";
            if (!args.Contains("--") && UnknownFlag(parse) is { } flag)
            {
                return Fail(ExitCodes.Usage, $"Unknown flag {flag} {seeHelp}");
            }

            if (parse.Action is ParseErrorAction)
            {
                return Fail(ExitCodes.Usage, $"{string.Join(" ", parse.Errors.Select(e => e.Message).Distinct())} {seeHelp}");
            }

            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,

                // Commands handle Ctrl+C themselves: chat stops the reply, not the session.
                ProcessTerminationTimeout = null,
            }, cancellationToken);
        }
        catch (CliException exception)
        {
            return Fail(exception.ExitCode, exception.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(ExitCodes.Interrupted, "Interrupted.");
        }
        catch (ClientResultException exception)
        {
            return Fail(ExitCodes.Failure, FirstLine(exception.Message));
        }
        catch (HttpRequestException exception)
        {
            return Fail(ExitCodes.Unreachable, FirstLine(exception.Message));
        }
        catch (IOException exception)
        {
            return Fail(ExitCodes.Failure, FirstLine(exception.Message));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Still one line and no stack trace: what went wrong, in the runtime's words.
            return Fail(ExitCodes.Failure, $"Unexpected error ({exception.GetType().Name}): {FirstLine(exception.Message)}");
        }
    }

    public static RootCommand CreateRootCommand()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand(
            "warbler: ask a model and chat through any OpenAI-compatible API (by default a local Warbler), " +
            "and manage a Warbler server's keys, usage and providers.\n\n" +
            $"Settings: --url or {SettingNames.Url} (default {ConnectionOptions.DefaultUrl}), --api-key or {SettingNames.ApiKey}, --admin-key or {SettingNames.AdminKey}, --model or {SettingNames.Model}; " +
            "a flag wins over the environment, which wins over ./.env, which wins over the login saved by 'warbler login'. 'warbler config' shows what is in force.\n\n" +
            "Exit codes: 0 ok, 1 other error, 2 bad usage, 3 key refused, 4 rate-limited, 5 server unreachable, 130 interrupted.")
        {
            AskCommand.Create(connection),
            ChatCommand.Create(connection),
            KeysCommand.Create(connection),
            UsageCommand.Create(connection),
            ProvidersCommand.Create(connection),
            LoginCommand.Create(connection),
            LogoutCommand.Create(),
            ConfigCommand.Create(connection),
        };
        foreach (var option in connection.All)
        {
            root.Options.Add(option);
        }

        return root;
    }

    private static IEnumerable<string> Path(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            names.Push(result.Command is RootCommand ? "warbler" : result.Command.Name);
        }

        return names;
    }

    /// <summary>
    /// A word that looks like a flag but is none of the command's: the parser would take a
    /// misspelt <c>--temprature</c> as the question itself. After <c>--</c> anything goes.
    /// </summary>
    private static string? UnknownFlag(ParseResult parse)
    {
        var candidates = parse.UnmatchedTokens.AsEnumerable();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            candidates = candidates.Concat(result.Children.OfType<ArgumentResult>().SelectMany(a => a.Tokens).Select(t => t.Value));
        }

        return candidates.FirstOrDefault(word =>
            word.Length > 1 && word[0] == '-' && !double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"warbler: {message}");
        return exitCode;
    }
}
