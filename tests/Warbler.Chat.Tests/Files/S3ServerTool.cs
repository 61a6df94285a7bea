using System.Diagnostics;
using System.Security.Cryptography;

namespace Warbler.Chat.Tests.Files;

/// <summary>
/// Node.js, npm and the s3rver package of <c>tests/s3-server/</c>, installed with <c>npm ci</c> once
/// per run, and only when <c>node_modules</c> is missing or came from another <c>package-lock.json</c>.
/// </summary>
internal static class S3ServerTool
{
    private const string InstalledStamp = ".warbler-package-lock.sha256";

    private static readonly Lazy<Task> Install = new(InstallAsync);

    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "s3-server");

    public static string? Node { get; } = FindOnPath("node");

    public static string? Npm { get; } = FindOnPath("npm");

    /// <summary>Why the S3 tests cannot run here; null when they can, and always null in CI, where they must.</summary>
    public static string? SkipReason =>
        (Node, Npm) is ({ }, { }) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"{(Node is null ? "Node.js (node)" : "npm")} is not on the PATH: install Node.js 20 or later with npm to run the S3 blob store tests against tests/s3-server (s3rver).";

    public static Task EnsurePackagesAsync() => Install.Value;

    public static Process Start(string dataFolder)
    {
        Assert.True(Node is not null, "Node.js (node) is not on the PATH: the S3 blob store tests need Node.js 20 or later.");
        var start = new ProcessStartInfo(Node)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // s3rver makes its list continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
        foreach (var argument in new[] { "--openssl-legacy-provider", Path.Combine("node_modules", "s3rver", "bin", "s3rver.js"), "--directory", dataFolder, "--address", "127.0.0.1", "--port", "0", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("s3rver could not be started.");
    }

    private static async Task InstallAsync()
    {
        Assert.True(Npm is not null, "npm is not on the PATH: the S3 blob store tests need Node.js 20 or later with npm.");
        var lockHash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
        var stamp = Path.Combine(Folder, "node_modules", InstalledStamp);
        if (File.Exists(stamp) && (await File.ReadAllTextAsync(stamp)).Trim() == lockHash)
        {
            return;
        }

        var start = new ProcessStartInfo(Npm, ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(deadline.Token);
        Assert.True(npm.ExitCode == 0, $"npm ci in tests/s3-server failed ({npm.ExitCode}):\n{await output}\n{await errors}");
        await File.WriteAllTextAsync(stamp, lockHash);
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
