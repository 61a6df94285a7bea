using System.Diagnostics;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Files;

/// <summary>The s3rver package of <c>tests/s3-server/</c>, on Node.js (see <see cref="NodePackages"/>).</summary>
internal static class S3ServerTool
{
    private static readonly NodePackages Packages = new("s3-server", "the S3 blob store tests (s3rver)", "20");

    public static string Folder => Packages.Folder;

    /// <summary>Why the S3 tests cannot run here; null when they can, and always null in CI, where they must.</summary>
    public static string? SkipReason => Packages.SkipReason;

    public static Task EnsurePackagesAsync() => Packages.EnsurePackagesAsync();

    public static Process Start(string dataFolder)
    {
        var start = new ProcessStartInfo(Packages.RequireNode())
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
}
