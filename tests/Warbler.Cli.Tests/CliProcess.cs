using System.Diagnostics;
using System.Text;

namespace Warbler.Cli.Tests;

/// <summary>What one run of <c>warbler</c> printed and exited with.</summary>
public sealed record CliResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
}

/// <summary>
/// Runs the built <c>warbler</c> as its own process, as a shell would: arguments, standard input
/// from a pipe, and only the environment given: none of the machine's OPENAI_* or WARBLER_* variables,
/// and a config folder of its own (XDG_CONFIG_HOME) unless the test gives one, so no saved login is read.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null, string? workingDirectory = null,
        bool terminal = false)
    {
        var warbler = Path.Combine(AppContext.BaseDirectory, "warbler.dll");
        var start = new ProcessStartInfo(terminal ? "script" : "dotnet")
        {
            WorkingDirectory = workingDirectory ?? EmptyFolder(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (terminal)
        {
            // util-linux's script gives warbler a pseudo-terminal for its input and output, as a terminal window would.
            start.ArgumentList.Add("--quiet");
            start.ArgumentList.Add("--return");
            start.ArgumentList.Add("--command");
            start.ArgumentList.Add(string.Join(' ', new[] { "dotnet", warbler }.Concat(arguments).Select(ShellQuote)));
            start.ArgumentList.Add("/dev/null");
        }
        else
        {
            start.ArgumentList.Add(warbler);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
        }

        Isolate(start.Environment, environment);

        if (terminal)
        {
            start.Environment["TERM"] = "xterm-256color";
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cancellation = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"warbler {string.Join(' ', start.ArgumentList.Skip(1))} did not finish in {Timeout.TotalSeconds} s.\nstdout:\n{await output}\nstderr:\n{await errors}");
        }

        return new CliResult(process.ExitCode, await output, await errors);
    }

    /// <summary>Clears the machine's settings for warbler, then sets the test's; the config folder is one that does not exist unless the test names one.</summary>
    public static void Isolate(IDictionary<string, string?> target, IReadOnlyDictionary<string, string>? environment)
    {
        foreach (var name in target.Keys.Where(n => n.StartsWith("OPENAI_", StringComparison.OrdinalIgnoreCase) || n.StartsWith("WARBLER_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            target.Remove(name);
        }

        target["XDG_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", "no-config");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            target[name] = value;
        }
    }

    /// <summary>A folder of its own with no <c>.env</c>, so nothing a machine left in its temporary folder is read.</summary>
    public static string EmptyFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", "empty");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string ShellQuote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
