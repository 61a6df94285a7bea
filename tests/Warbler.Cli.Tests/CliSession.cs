using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Warbler.Cli.Tests;

/// <summary>
/// A running <c>warbler</c> that a test talks to while it runs: writes lines to its input, waits
/// for what it prints, and presses Ctrl+C (SIGINT), as a person at a shell would.
/// </summary>
public sealed class CliSession : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _changed = new(0);

    private CliSession(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>
    /// Starts warbler with SIGINT first ignored, as in a background job of a non-interactive shell
    /// (<c>nohup ./test.sh &amp;</c>), then set back to its default by coreutils' <c>env --default-signal</c>
    /// for warbler alone. .NET installs no Ctrl+C handler in a process that starts with SIGINT ignored,
    /// and children inherit that; doing both here makes Ctrl+C reach warbler however the tests were started.
    /// </summary>
    public static CliSession Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("sh")
        {
            WorkingDirectory = CliProcess.EmptyFolder(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // exec keeps the process ID, so the SIGINT sent to it reaches warbler itself.
        foreach (var word in (string[])["-c", "trap '' INT; exec env --default-signal=INT \"$@\"", "sh", "dotnet", Path.Combine(AppContext.BaseDirectory, "warbler.dll")])
        {
            start.ArgumentList.Add(word);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        CliProcess.Isolate(start.Environment, environment);

        var session = new CliSession(Process.Start(start)!);
        _ = session.PumpAsync(session._process.StandardOutput, session._output);
        _ = session.PumpAsync(session._process.StandardError, session._errors);
        return session;
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Ctrl+C: SIGINT to the process, as a terminal sends it.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits until the output (or error output) satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForAsync(Func<CliSession, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition(this))
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && !_process.HasExited || condition(this), $"Waited in vain for {what}.\nstdout:\n{Output}\nstderr:\n{Errors}");
            await _changed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder target)
    {
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (target)
            {
                target.Append(buffer, 0, read);
            }

            _changed.Release();
        }

        _changed.Release();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _changed.Dispose();
    }
}
