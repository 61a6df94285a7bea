using System.Diagnostics;

namespace Warbler.Cli.Login;

/// <summary>Opens a URL in the user's browser, when there is one to open.</summary>
internal static class BrowserLauncher
{
    /// <summary>True when a browser was started; false when none could be (no desktop, no opener), so the URL is only printed.</summary>
    public static bool TryOpen(Uri url)
    {
        try
        {
            ProcessStartInfo start;
            if (OperatingSystem.IsWindows())
            {
                start = new ProcessStartInfo(url.ToString()) { UseShellExecute = true };
            }
            else if (OperatingSystem.IsMacOS())
            {
                start = new ProcessStartInfo("open", [url.ToString()]);
            }
            else if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            {
                start = new ProcessStartInfo("xdg-open", [url.ToString()]);
            }
            else
            {
                return false;
            }

            start.RedirectStandardOutput = !start.UseShellExecute;
            start.RedirectStandardError = !start.UseShellExecute;
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }
}
