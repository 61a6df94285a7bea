using System.Diagnostics;
using System.Text;

namespace Warbler.Client.Tests.Samples;

/// <summary>A sample program, as built with the solution, run as its own process: its input, its output, its exit code.</summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private TaskCompletionSource _changed = NewSignal();

    private SampleProcess(Process process) => _process = process;

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
            lock (_output)
            {
                return _errors.ToString();
            }
        }
    }

    public StreamWriter Input => _process.StandardInput;

    /// <summary>Starts <c>{name}.dll</c> (copied next to the tests by the project reference) with <paramref name="arguments"/> and nothing of Warbler's from the environment.</summary>
    public static SampleProcess Start(string name, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, $"{name}.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in (string[])["WARBLER_URL", "WARBLER_EMAIL", "WARBLER_PASSWORD"])
        {
            start.Environment.Remove(variable);
        }

        var process = new Process { StartInfo = start };
        var sample = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sample.Append(sample._output, e.Data);
        process.ErrorDataReceived += (_, e) => sample.Append(sample._errors, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Waits until the program has printed a line containing <paramref name="text"/>; fails with its output if it exits or takes too long.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Task changed;
            lock (_output)
            {
                changed = _changed.Task;
            }

            if (Output.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                Assert.Fail($"The sample exited ({_process.ExitCode}) before printing '{text}'.\n{Describe()}");
            }

            try
            {
                await changed.WaitAsync(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
            catch (TimeoutException)
            {
                // Checks again whether the process has exited.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Waited {Deadline.TotalSeconds} s for the sample to print '{text}'.\n{Describe()}");
            }
        }
    }

    /// <returns>The exit code; fails with the output if the program is still running after the deadline.</returns>
    public async Task<int> WaitForExitAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The sample did not exit within {Deadline.TotalSeconds} s.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    public string Describe() => $"Output:\n{Output}\nErrors:\n{Errors}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            target.AppendLine(line);
            _changed.TrySetResult();
            _changed = NewSignal();
        }
    }
}
