using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Warbler.Web.Tests;

/// <summary>
/// Everything a page reports going wrong, as a person with the developer tools open would see it:
/// console errors (a refused request, a Content-Security-Policy violation, a script's error),
/// uncaught exceptions, requests that failed, and answers with an HTTP error status.
/// </summary>
public sealed class BrowserLog
{
    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserLog()
    {
    }

    /// <summary>What was logged at error level, in order.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>Starts collecting what <paramref name="page"/> logs, across its navigations and reloads.</summary>
    public static BrowserLog Attach(IPage page)
    {
        var log = new BrowserLog();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                log._errors.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => log._errors.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => log._errors.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                log._errors.Enqueue($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        return log;
    }

    /// <summary>Fails the test with every error logged, but those an allowed pattern matches.</summary>
    public void AssertNoErrors(IEnumerable<Regex>? allowed = null)
    {
        var patterns = allowed?.ToList() ?? [];
        var unexpected = Errors.Where(error => !patterns.Any(pattern => pattern.IsMatch(error))).ToList();
        Assert.True(unexpected.Count == 0, "The browser logged errors:\n" + string.Join("\n", unexpected));
    }
}
