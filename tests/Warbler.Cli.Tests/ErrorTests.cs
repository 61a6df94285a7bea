using System.Text.RegularExpressions;
using Warbler.FakeUpstream;

namespace Warbler.Cli.Tests;

[Collection(WarblerServerCollection.Name)]
public sealed partial class ErrorTests
{
    private readonly WarblerServer _server;

    public ErrorTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
    }

    [Theory]
    [InlineData("--temperature", "2.5", "between 0 and 2")]
    [InlineData("--temperature", "warm", "between 0 and 2")]
    [InlineData("--top-p", "1.5", "between 0 and 1")]
    [InlineData("--max-tokens", "0", "1 or more")]
    [InlineData("--max-tokens", "2.5", "1 or more")]
    [InlineData("--frequency-penalty", "-3", "between -2 and 2")]
    [InlineData("--presence-penalty", "2.1", "between -2 and 2")]
    public async Task Ask_FlagOutOfRange_ExitsTwoNamingTheFlagAndSendsNothing(string flag, string value, string expected)
    {
        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", flag, value, "Hi"], _server.Environment("wk-not-needed"));

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains($"{flag} must be", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", line, StringComparison.Ordinal);
        Assert.Empty(_server.Upstream.Requests);
    }

    [Fact]
    public async Task UnknownFlag_ExitsTwoNamingIt()
    {
        var result = await CliProcess.RunAsync(["ask", "--temprature", "1", "Hi"], _server.Environment("wk-not-needed"));

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--temprature", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WithRefusedKey_ExitsThreeSayingTheKeyWasRefused()
    {
        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], _server.Environment("wk-this-key-does-not-exist"));

        var line = CliAssert.FailedWith(3, result);
        Assert.Contains("gateway key (from WARBLER_API_KEY) was refused (401)", line, StringComparison.Ordinal);
        Assert.Empty(_server.ChatRequests());
    }

    [Fact]
    public async Task Ask_OverTheKeysRequestsPerMinute_ExitsFourSayingWhenToRetry()
    {
        var key = await _server.CreateKeyAsync(limits: new { requestsPerMinute = 1 });

        var first = await CliProcess.RunAsync(["ask", "--model", "fake-model", "One"], _server.Environment(key));
        var second = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Two"], _server.Environment(key));

        CliAssert.Succeeded(first);
        var line = CliAssert.FailedWith(4, second);
        Assert.Contains("Rate-limited (429)", line, StringComparison.Ordinal);
        var retry = RetryIn().Match(line);
        Assert.True(retry.Success, line);
        Assert.InRange(int.Parse(retry.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Single(_server.ChatRequests());
    }

    [Fact]
    public async Task Ask_WhenTheUpstreamIsRateLimited_ExitsFourWithItsRetryAfter()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Default = UpstreamScript.Fail(429, "Slow down.", retryAfter: "30");

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], _server.Environment(key));

        var line = CliAssert.FailedWith(4, result);
        Assert.Contains("Retry in", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ServerNotListening_ExitsFiveNamingTheUrl()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/v1";

        var result = await CliProcess.RunAsync(["ask", "--url", url, "--api-key", "wk-any", "--model", "fake-model", "Hi"]);

        var line = CliAssert.FailedWith(5, result);
        Assert.Contains(url, line, StringComparison.Ordinal);
        Assert.Contains("Cannot reach", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_ServerNotListening_ExitsFiveNamingTheUrl()
    {
        var root = $"http://127.0.0.1:{ClosedPort()}/";

        var result = await CliProcess.RunAsync(["keys", "list", "--url", root, "--admin-key", WarblerServer.AdminKey]);

        var line = CliAssert.FailedWith(5, result);
        Assert.Contains(root, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_UnknownModel_ExitsOneWithTheServersMessage()
    {
        var key = await _server.CreateKeyAsync();

        var result = await CliProcess.RunAsync(["ask", "--model", "no-such-model", "Hi"], _server.Environment(key));

        var line = CliAssert.FailedWith(1, result);
        Assert.Contains("no-such-model", line, StringComparison.Ordinal);
        Assert.Empty(_server.ChatRequests());
    }

    [Fact]
    public async Task Ask_WithoutApiKey_ExitsTwoNamingEveryWayToGiveIt()
    {
        var result = await CliProcess.RunAsync(["ask", "Hi"], _server.Environment());

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--api-key", line, StringComparison.Ordinal);
        Assert.Contains("WARBLER_API_KEY (in the environment or ./.env)", line, StringComparison.Ordinal);
        Assert.Contains("'warbler login'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("OPENAI", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_WithoutAdminKey_ExitsTwoNamingEveryWayToGiveIt()
    {
        var result = await CliProcess.RunAsync(["keys", "list"], _server.Environment());

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--admin-key", line, StringComparison.Ordinal);
        Assert.Contains("WARBLER_ADMIN_KEY (in the environment or ./.env)", line, StringComparison.Ordinal);
        Assert.Contains("'warbler login --admin-key'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WithOnlyTheOldVariables_ExitsTwoSayingWhatToRenameThem()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "wk-old-setup", ["OPENAI_BASE_URL"] = _server.BaseUrl };

        var result = await CliProcess.RunAsync(["ask", "Hi"], environment);

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("No gateway key", line, StringComparison.Ordinal);
        Assert.Contains("no longer reads OPENAI_BASE_URL or OPENAI_API_KEY", line, StringComparison.Ordinal);
        Assert.Contains("rename OPENAI_BASE_URL to WARBLER_URL and OPENAI_API_KEY to WARBLER_API_KEY", line, StringComparison.Ordinal);
        Assert.Empty(_server.Upstream.Requests);
    }

    [Fact]
    public async Task UrlThatIsNotAUrl_ExitsTwoNamingWhereItCameFrom()
    {
        var environment = _server.Environment("wk-any");
        environment["WARBLER_URL"] = "localhost-5080";

        var result = await CliProcess.RunAsync(["ask", "Hi"], environment);

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("WARBLER_URL must be an http:// or https:// URL", line, StringComparison.Ordinal);
        Assert.Contains("'localhost-5080'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WhenTheStreamBreaksOff_ExitsOneSayingSoAfterWhatArrived()
    {
        var key = await _server.CreateKeyAsync();
        _server.Upstream.Default = UpstreamScript.Answer("One two three four five six.") with { Chunks = 6, DropAfterChunks = 2 };

        var result = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Count"], _server.Environment(key));

        var line = CliAssert.FailedWith(1, result);
        Assert.Contains("The answer is incomplete: Provider 'fake' broke off the stream", line, StringComparison.Ordinal);
        Assert.StartsWith("One two ", result.Output, StringComparison.Ordinal);
    }

    /// <summary>A loopback port that was free a moment ago, and that nothing listens on.</summary>
    // Held bound (never listening) for the rest of the run, so no other test's server can take it meanwhile.
    internal static int ClosedPort() => Warbler.Testing.ClosedPort.Take();

    [GeneratedRegex(@"Retry in (\d+) seconds?\.")]
    private static partial Regex RetryIn();
}
