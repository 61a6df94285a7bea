using System.Diagnostics;
using System.Text;

namespace Warbler.Testing;

/// <summary>
/// Warbler as its own process, started the way an operator starts it, in a fresh working folder:
/// for what only a real start shows (start-up messages, exit codes, files written).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    /// <summary>
    /// How long a start may take before a test gives up: generous, because a fresh process compiles
    /// its whole start-up path and a busy 2-core runner can take a minute or more; a server that
    /// starts sooner is waited for no longer.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private ServerProcess(Process process, string workingDirectory)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
    }

    public string WorkingDirectory { get; }

    /// <summary>Where the server listens, once it said so.</summary>
    public Uri? BaseAddress { get; private set; }

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

    /// <summary>Starts <c>Warbler.Server</c> on a free loopback port with only the given environment.</summary>
    public static ServerProcess Start(string workingDirectory, IDictionary<string, string> environment, params string[] arguments)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Warbler.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the test machine's own configuration leaks in.
        foreach (var name in (string[])["OPENAI_API_KEY", "OPENAI_BASE_URL", "WARBLER_ADMIN_KEY", "ASPNETCORE_URLS", "ConnectionStrings__Warbler", "Database__Provider"])
        {
            start.Environment.Remove(name);
        }

        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, workingDirectory);
        process.OutputDataReceived += (_, e) => server.Append(server._output, e.Data, listening: true);
        process.ErrorDataReceived += (_, e) => server.Append(server._errors, e.Data, listening: false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Waits until the server says it is listening; fails with its output if it exits first or the
    /// time runs out, and then stops it, so a test that never got the server to dispose leaves no process behind.
    /// </summary>
    public Task WaitUntilListeningAsync() => WaitUntilListeningAsync(StartTimeout);

    /// <inheritdoc cref="WaitUntilListeningAsync()"/>
    public async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        if (first != _listening.Task)
        {
            await DisposeAsync();
        }

        Assert.True(first == _listening.Task, $"Warbler did not start listening.\nOutput:\n{Output}\nErrors:\n{Errors}");
    }

    /// <returns>The exit code, or fails if the process is still running after <paramref name="timeout"/>.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the server to shut down as an operator's Ctrl+C or service manager would (SIGTERM), and waits.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    private void Append(StringBuilder target, string? line, bool listening)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }

        const string listeningOn = "Now listening on: ";
        if (listening && line.IndexOf(listeningOn, StringComparison.Ordinal) is var at and >= 0)
        {
            BaseAddress = new Uri(line[(at + listeningOn.Length)..].Trim());
            _listening.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
