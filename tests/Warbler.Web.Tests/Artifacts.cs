using Microsoft.Playwright;

namespace Warbler.Web.Tests;

/// <summary>Screenshots of each scenario, in <c>artifacts/web/</c> at the repository's root (ignored by git).</summary>
public static class Artifacts
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory { get; } = System.IO.Directory.CreateDirectory(System.IO.Path.Combine(RepositoryRoot, "artifacts", "web")).FullName;

    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = System.IO.Path.Combine(Directory, $"{name}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Warbler.slnx")))
            {
                return directory.FullName;
            }
        }

        return System.IO.Directory.GetCurrentDirectory();
    }
}
