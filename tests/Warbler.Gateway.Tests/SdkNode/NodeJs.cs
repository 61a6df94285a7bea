using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Warbler.Gateway.Tests.SdkNode;

/// <summary>
/// Node.js and npm, which the JavaScript SDK tests in <c>tests/sdk-node/</c> run on. Without them the
/// tests are skipped locally, with a message naming what is missing; in CI (<c>CI</c> set) they run,
/// and fail, rather than pass unseen. Their packages are installed with <c>npm ci</c> once per run,
/// and only when <c>node_modules</c> is missing or was installed from another <c>package-lock.json</c>.
/// </summary>
internal static class NodeJs
{
    /// <summary>Written into <c>node_modules</c> after an install: the hash of the lock file it installed.</summary>
    private const string InstalledStamp = ".warbler-package-lock.sha256";

    private static readonly Lazy<Task> Install = new(InstallAsync);

    public static string SdkFolder { get; } = Path.Combine(RepositoryRoot(), "tests", "sdk-node");

    public static string? Node { get; } = FindOnPath("node");

    public static string? Npm { get; } = FindOnPath("npm");

    public static string? SkipReason =>
        (Node, Npm) is ({ }, { }) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"{(Node is null ? "Node.js (node)" : "npm")} is not on the PATH: install Node.js 20.19 or later with npm to run the JavaScript SDK tests in tests/sdk-node.";

    /// <summary>Installs the SDKs' pinned packages unless <c>node_modules</c> already holds them.</summary>
    public static Task EnsurePackagesAsync() => Install.Value;

    /// <summary>Runs one test file with <c>node --test</c>; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunTestFileAsync(string file, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        Assert.True(Node is not null, "Node.js (node) is not on the PATH: the JavaScript SDK tests need Node.js 20.19 or later.");
        return await RunAsync(Node, ["--test", "--test-reporter=spec", file], environment, timeout);
    }

    private static async Task InstallAsync()
    {
        Assert.True(Npm is not null, "npm is not on the PATH: the JavaScript SDK tests need Node.js 20.19 or later with npm.");
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(SdkFolder, "package-lock.json"))));
        var stamp = Path.Combine(SdkFolder, "node_modules", InstalledStamp);
        if (File.Exists(stamp) && (await File.ReadAllTextAsync(stamp)).Trim() == lockHash)
        {
            return;
        }

        var (exitCode, output) = await RunAsync(Npm, ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 0, $"npm ci in tests/sdk-node failed ({exitCode}):\n{output}");
        await File.WriteAllTextAsync(stamp, lockHash);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = SdkFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append(output, $"(stopped after {timeout.TotalSeconds} s)");
            return (-1, Text(output));
        }

        // The last lines may still be on their way from the pipes.
        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Warbler.slnx")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

/// <summary>A test that needs Node.js and npm: skipped with a message when they are missing outside CI.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute() => Skip = NodeJs.SkipReason;
}
