using System.Globalization;
using System.Text;

namespace Warbler.Docs.Tests.Walkthrough;

/// <summary>
/// The walk-through as one bash script, changed only where a test must: its URL (a free loopback
/// port), the server's start (the built server, in a fresh working folder, still in the background
/// of the same shell) and the CLI's install (with HOME in a temporary folder). Each block prints a
/// marker first, and the script stops at the first command that fails.
/// </summary>
internal static class WalkthroughScript
{
    public const string UrlLine = "export WARBLER_URL=";
    public const string ServerStart = "dotnet run --project src/Warbler.Server";
    public const string CliInstall = "dotnet pack src/Warbler.Cli";

    public static string BlockMarker(int block) => $"::walkthrough block {block}::";

    public static string FailureMarker(int block) => $"::walkthrough block {block} failed::";

    public const string DoneMarker = "::walkthrough done::";

    public static string Build(IReadOnlyList<WalkthroughBlock> blocks, WalkthroughFolders folders, int port)
    {
        var substituted = new Dictionary<string, int>(StringComparer.Ordinal) { [UrlLine] = 0, [ServerStart] = 0, [CliInstall] = 0 };
        var script = new StringBuilder();
        script.AppendLine("exec 2>&1");
        script.AppendLine(CultureInfo.InvariantCulture, $"cd {Quote(RepositoryRoot.Path)}");
        for (var i = 0; i < blocks.Count; i++)
        {
            script.AppendLine(CultureInfo.InvariantCulture, $"echo; echo '{BlockMarker(i + 1)}'");
            foreach (var command in blocks[i].Commands)
            {
                script.AppendLine(Substitute(command, folders, port, substituted));
                script.AppendLine(CultureInfo.InvariantCulture, $"__status=$?; if [ $__status -ne 0 ]; then echo; echo \"{FailureMarker(i + 1)} exit $__status\"; exit 3; fi");
            }
        }

        script.AppendLine(CultureInfo.InvariantCulture, $"echo; echo '{DoneMarker}'");

        // Without these, the test would start a server on the reader's port or install into the real home.
        foreach (var (line, count) in substituted)
        {
            if (count != 1)
            {
                throw new InvalidOperationException($"The walk-through must have exactly one command starting '{line}' for the test to adapt; it has {count}.");
            }
        }

        return script.ToString();
    }

    private static string Substitute(string command, WalkthroughFolders folders, int port, Dictionary<string, int> substituted)
    {
        var trimmed = command.TrimStart();
        if (trimmed.StartsWith(UrlLine, StringComparison.Ordinal))
        {
            substituted[UrlLine]++;
            return string.Create(CultureInfo.InvariantCulture, $"{UrlLine}http://127.0.0.1:{port}");
        }

        if (trimmed.StartsWith(ServerStart, StringComparison.Ordinal))
        {
            if (!trimmed.TrimEnd().EndsWith('&'))
            {
                throw new InvalidOperationException($"The walk-through's '{ServerStart}' must start the server in the background (end with '&').");
            }

            substituted[ServerStart]++;
            var server = Path.Combine(AppContext.BaseDirectory, "Warbler.Server.dll");
            return $"(cd {Quote(folders.Work)} && exec dotnet {Quote(server)} --urls \"$WARBLER_URL\") > {Quote(folders.ServerLog)} 2>&1 & echo $! > {Quote(folders.ServerPid)}";
        }

        if (trimmed.StartsWith(CliInstall, StringComparison.Ordinal))
        {
            substituted[CliInstall]++;
            return $"export HOME={Quote(folders.Home)} NUGET_PACKAGES={Quote(folders.NuGetPackages)}; {command}";
        }

        if (command.Contains(ServerStart, StringComparison.Ordinal) || command.Contains("localhost:5080", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The walk-through's command '{command}' would reach the reader's own server; only '{UrlLine}' may name it.");
        }

        return command;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
