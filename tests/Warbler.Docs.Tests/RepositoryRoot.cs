namespace Warbler.Docs.Tests;

/// <summary>The clone the tests were built from: the folder above the test's output that holds <c>Warbler.slnx</c>.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Warbler.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Warbler.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>README.md and every Markdown file under docs/, as paths relative to the root with '/'.</summary>
    public static IReadOnlyList<string> MarkdownFiles() =>
    [
        "README.md",
        .. Directory.EnumerateFiles(System.IO.Path.Combine(Path, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(file => System.IO.Path.GetRelativePath(Path, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];
}
