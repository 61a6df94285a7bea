using Spectre.Console;

namespace Warbler.Cli.Output;

/// <summary>
/// Standard output as Spectre.Console sees it: colours, spinners and live rendering only when a
/// person is at a terminal; plain text, with no escape codes, when output goes to a pipe or file.
/// </summary>
internal static class Terminal
{
    /// <summary>Width for tables written to a pipe, where there is no terminal to measure.</summary>
    private const int RedirectedWidth = 200;

    public static bool OutputIsTerminal => !Console.IsOutputRedirected;

    /// <summary>Both ends are a terminal: a person is typing and reading.</summary>
    public static bool IsInteractive => !Console.IsInputRedirected && !Console.IsOutputRedirected;

    public static IAnsiConsole CreateOut()
    {
        var terminal = OutputIsTerminal;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
