using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Warbler.Docs.Tests.Walkthrough;

namespace Warbler.Docs.Tests;

/// <summary>
/// The README's first walk-through, pasted into one bash as a reader would: against a fresh server
/// in demo mode, every block exits 0 and prints what the README says comes back.
/// </summary>
public sealed class WalkthroughTests
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public void Walkthrough_InReadme_HasMarkedBlocksTheTestCanAdapt()
    {
        var blocks = WalkthroughBlock.Read(Path.Combine(RepositoryRoot.Path, "README.md"));
        using var folders = new WalkthroughFolders();

        var script = WalkthroughScript.Build(blocks, folders, port: 1);

        Assert.NotEmpty(blocks);
        Assert.Contains("export WARBLER_URL=http://127.0.0.1:1", script, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walkthrough_PastedIntoBash_EveryBlockRunsAndPrintsWhatTheReadmeSays()
    {
        var blocks = WalkthroughBlock.Read(Path.Combine(RepositoryRoot.Path, "README.md"));
        using var folders = new WalkthroughFolders();
        await File.WriteAllTextAsync(folders.Script, WalkthroughScript.Build(blocks, folders, FreePort()));

        var output = new StringBuilder();
        int exitCode;
        int group;
        using (var bash = StartBash(folders, output))
        {
            group = bash.Id;
            try
            {
                using var limit = new CancellationTokenSource(RunLimit);
                await bash.WaitForExitAsync(limit.Token);
                exitCode = bash.ExitCode;
            }
            catch (OperationCanceledException)
            {
                bash.Kill(entireProcessTree: true);
                exitCode = -1;
            }
            finally
            {
                bash.WaitForExit();
            }
        }

        // The last block stops the server; if the walk-through ended early, the test does. Nothing of this run stays behind.
        var text = output.ToString();
        var finished = exitCode == 0 && text.Contains(WalkthroughScript.DoneMarker, StringComparison.Ordinal);
        var serverStopped = await ServerStoppedAsync(folders, finished ? StopLimit : TimeSpan.Zero);
        await KillGroupAsync(group);
        var transcript = Transcript(text, folders);

        // The first block that went wrong is named: by what it printed, or by its exit status.
        for (var i = 0; i < blocks.Count; i++)
        {
            var where = $"Block {i + 1} (README.md line {blocks[i].Line})";
            var blockOutput = OutputOf(text, i + 1);
            Assert.True(blockOutput is not null, $"{where} did not run (bash exited {exitCode}; -1: the walk-through ran longer than {RunLimit}).\n{transcript}");
            var commands = string.Join('\n', blocks[i].Commands);
            Assert.True(
                !blockOutput.Contains(WalkthroughScript.FailureMarker(i + 1), StringComparison.Ordinal),
                $"{where} failed:\n{commands}\n--- its output:\n{blockOutput}\n{transcript}");
            if (blocks[i].Expect is { } expect)
            {
                Assert.True(
                    expect.IsMatch(blockOutput),
                    $"{where} printed nothing matching /{expect}/:\n{commands}\n--- its output:\n{blockOutput}\n{transcript}");
            }
        }

        Assert.True(finished, $"The walk-through did not finish (bash exited {exitCode}).\n{transcript}");
        Assert.True(serverStopped, $"The server was still running {StopLimit.TotalSeconds} s after the walk-through's last block, which should stop it.\n{transcript}");
    }

    private static Process StartBash(WalkthroughFolders folders, StringBuilder output)
    {
        // In a session of its own, so that whatever it leaves running (a server, a build node) is ended with it.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add("--noprofile");
        start.ArgumentList.Add("--norc");
        start.ArgumentList.Add(folders.Script);

        // A fresh machine in demo mode: nothing of this one's provider, server or CLI settings leaks in.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (IsWarblerSetting(name))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        // The CLI's build leaves no MSBuild node or compiler server running after the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var bash = new Process { StartInfo = start };
        bash.OutputDataReceived += (_, e) => Append(output, e.Data);
        bash.ErrorDataReceived += (_, e) => Append(output, e.Data);
        bash.Start();
        bash.StandardInput.Close();
        bash.BeginOutputReadLine();
        bash.BeginErrorReadLine();
        return bash;
    }

    private static bool IsWarblerSetting(string name) =>
        name is "OPENAI_API_KEY" or "OPENAI_BASE_URL" or "OPENAI_MODEL" or "ASPNETCORE_URLS"
        || name.StartsWith("WARBLER_", StringComparison.Ordinal) && !name.StartsWith("WARBLER_TEST_", StringComparison.Ordinal)
        || ((string[])["ConnectionStrings__", "Database__", "Providers__", "Redis__", "Gateway__", "Chat__", "Demo__", "Usage__", "Pricing__", "Cors__"])
            .Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>What a block printed: from its marker to the next one, or null if it never started.</summary>
    private static string? OutputOf(string output, int block)
    {
        var marker = WalkthroughScript.BlockMarker(block);
        var start = output.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = output.IndexOf(WalkthroughScript.BlockMarker(block + 1), start, StringComparison.Ordinal);
        if (end < 0)
        {
            end = output.IndexOf(WalkthroughScript.DoneMarker, start, StringComparison.Ordinal);
        }

        return (end < 0 ? output[start..] : output[start..end]).Trim();
    }

    /// <summary>Waits for the server the walk-through started to be gone, and kills it if it is not.</summary>
    private static async Task<bool> ServerStoppedAsync(WalkthroughFolders folders, TimeSpan wait)
    {
        if (!File.Exists(folders.ServerPid)
            || !int.TryParse((await File.ReadAllTextAsync(folders.ServerPid)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return true;
        }

        var deadline = DateTime.UtcNow + wait;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                using var server = Process.GetProcessById(pid);
                server.Kill(entireProcessTree: true);
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return true;
    }

    private static async Task KillGroupAsync(int group)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-KILL", "--", $"-{group.ToString(CultureInfo.InvariantCulture)}"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        await kill.WaitForExitAsync();
    }

    // Not this process's child, so read its state: gone, or a zombie nobody has reaped yet, is stopped.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Transcript(string output, WalkthroughFolders folders)
    {
        var log = File.Exists(folders.ServerLog) ? File.ReadAllText(folders.ServerLog) : "(no server log)";
        return $"--- the walk-through's output:\n{output}\n--- the server's log:\n{log}";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
