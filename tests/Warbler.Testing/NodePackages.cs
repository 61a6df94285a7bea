using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Warbler.Testing;

/// <summary>
/// Node.js and npm, and the pinned packages of one folder under <c>tests/</c> that tests run with them.
/// Without node and npm those tests are skipped locally, with a message naming what is missing; in CI
/// (<c>CI</c> set) they run, and fail, rather than pass unseen. The packages are installed with
/// <c>npm ci</c> once per run, and only when <c>node_modules</c> is missing or was installed from
/// another <c>package-lock.json</c>.
/// </summary>
/// <param name="folder">The folder's name under <c>tests/</c>, such as <c>sdk-node</c>.</param>
/// <param name="tests">What runs there, for messages: "the JavaScript SDK tests".</param>
/// <param name="nodeVersion">The oldest Node.js those tests run on, such as <c>20.19</c>.</param>
public sealed class NodePackages(string folder, string tests, string nodeVersion)
{
    /// <summary>Written into <c>node_modules</c> after an install: the hash of the lock file it installed.</summary>
    private const string InstalledStamp = ".warbler-package-lock.sha256";

    private readonly Lazy<Task> _install = new(() => InstallAsync(Path.Combine(RepositoryRoot(), "tests", folder), folder, tests, nodeVersion));

    public static string? Node { get; } = FindOnPath("node");

    public static string? Npm { get; } = FindOnPath("npm");

    /// <summary>The folder, in the repository's <c>tests/</c>.</summary>
    public string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", folder);

    /// <summary>Why the tests cannot run here; null when they can, and always null in CI, where they must.</summary>
    public string? SkipReason =>
        (Node, Npm) is ({ }, { }) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"{(Node is null ? "Node.js (node)" : "npm")} is not on the PATH: install Node.js {nodeVersion} or later with npm to run {tests} in tests/{folder}.";

    /// <summary>Node.js, asserted to be there.</summary>
    public string RequireNode()
    {
        Assert.True(Node is not null, $"Node.js (node) is not on the PATH: {tests} need Node.js {nodeVersion} or later.");
        return Node;
    }

    /// <summary>Installs the folder's pinned packages unless <c>node_modules</c> already holds them.</summary>
    public Task EnsurePackagesAsync() => _install.Value;

    /// <summary>Runs a program in the folder; returns its exit code and everything it printed (-1 when stopped after <paramref name="timeout"/>).</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        RunInAsync(Folder, program, arguments, environment, timeout);

    private static async Task InstallAsync(string path, string folder, string tests, string nodeVersion)
    {
        Assert.True(Npm is not null, $"npm is not on the PATH: {tests} need Node.js {nodeVersion} or later with npm.");
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(path, "package-lock.json"))));
        var stamp = Path.Combine(path, "node_modules", InstalledStamp);
        if (File.Exists(stamp) && (await File.ReadAllTextAsync(stamp)).Trim() == lockHash)
        {
            return;
        }

        var (exitCode, output) = await RunInAsync(path, Npm, ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 0, $"npm ci in tests/{folder} failed ({exitCode}):\n{output}");
        await File.WriteAllTextAsync(stamp, lockHash);
    }

    private static async Task<(int ExitCode, string Output)> RunInAsync(string path, string program, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = path,
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
