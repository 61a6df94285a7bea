namespace Warbler.Docs.Tests.Walkthrough;

/// <summary>Temporary folders for one run of the walk-through: the server's working folder and a home for the CLI, removed afterwards.</summary>
internal sealed class WalkthroughFolders : IDisposable
{
    public WalkthroughFolders()
    {
        Root = Directory.CreateTempSubdirectory("warbler-walkthrough-").FullName;
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Home);

        // The CLI's build restores from the same package cache and sources as the real home, so the
        // temporary home changes where tools and settings go, and nothing else.
        var realHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        NuGetPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(realHome, ".nuget", "packages");
        var nugetConfig = Path.Combine(realHome, ".nuget", "NuGet", "NuGet.Config");
        if (File.Exists(nugetConfig))
        {
            Directory.CreateDirectory(Path.Combine(Home, ".nuget", "NuGet"));
            File.Copy(nugetConfig, Path.Combine(Home, ".nuget", "NuGet", "NuGet.Config"));
        }
    }

    public string Root { get; }

    /// <summary>The server's working folder: its data folder is created inside.</summary>
    public string Work => Path.Combine(Root, "work");

    public string Home => Path.Combine(Root, "home");

    public string NuGetPackages { get; }

    public string ServerLog => Path.Combine(Root, "warbler.log");

    public string ServerPid => Path.Combine(Root, "server.pid");

    public string Script => Path.Combine(Root, "walkthrough.sh");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the system's temporary folder clean-up.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
