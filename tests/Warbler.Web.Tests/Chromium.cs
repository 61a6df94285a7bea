namespace Warbler.Web.Tests;

/// <summary>
/// Debian's Chromium, which the browser tests drive (Playwright's own browser downloads do not
/// work here). Without it they are skipped locally, with a message naming it; in CI (<c>CI</c>
/// set) they run, and fail, rather than pass unseen.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(Path);

    public static string? SkipReason =>
        IsInstalled || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"Chromium is not installed at {Path}: install Debian's package (apt-get install chromium) to run the browser tests.";
}

/// <summary>A test that needs Chromium: skipped with a message when it is missing outside CI.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute() => Skip = Chromium.SkipReason;
}

/// <summary>A theory that needs Chromium: skipped with a message when it is missing outside CI.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute() => Skip = Chromium.SkipReason;
}
