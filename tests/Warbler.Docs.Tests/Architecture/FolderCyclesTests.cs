using System.Diagnostics;
using System.Text;

namespace Warbler.Docs.Tests.Architecture;

/// <summary>
/// No folder of a project imports a folder that imports it back: <c>tools/folder-cycles.cs</c>, run as a
/// developer runs it, passes for every project listed here.
/// </summary>
public sealed class FolderCyclesTests
{
    /// <summary>The projects kept free of folder cycles; a project joins the check by being named here.</summary>
    private static readonly string[] ProjectsWithoutFolderCycles =
    [
        "src/Warbler.Cli",
        "src/Warbler.Client",
        "src/Warbler.Chat",
        "src/Warbler.Cluster",
        "src/Warbler.Contracts",
        "src/Warbler.Data",
        "src/Warbler.Gateway",
        "src/Warbler.Server",
    ];

    // Cold, the tool's build takes seconds; on a loaded machine it may take minutes.
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task FolderCyclesTool_OnListedProjects_FindsNoFoldersThatUseEachOther()
    {
        // Each run builds the tool into a folder of its own: the default build folder is shared by every run
        // of the same file, so parallel runs (two test runs, or the test beside tools/folder-cycles.sh) would race.
        var artifacts = Directory.CreateTempSubdirectory("warbler-folder-cycles-");
        try
        {
            var (exitCode, output) = await RunToolAsync(artifacts.FullName);

            Assert.True(exitCode == 0, $"tools/folder-cycles.cs exited {exitCode} (-1: it ran longer than {RunLimit}):\n{output}");
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunToolAsync(string artifactsPath)
    {
        // The dotnet that runs this test, if it says which; the one on PATH otherwise.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["run", "--artifacts-path", artifactsPath, "tools/folder-cycles.cs", "--", .. ProjectsWithoutFolderCycles])
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings would point the tool's build at the test's own build.
        foreach (var name in start.Environment.Keys.Where(n => n.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // The build leaves no MSBuild node or compiler server behind holding the output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        int exitCode;
        try
        {
            using var limit = new CancellationTokenSource(RunLimit);
            await process.WaitForExitAsync(limit.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            exitCode = -1;
        }

        lock (output)
        {
            return (exitCode, output.ToString());
        }
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
}
