using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Warbler.FakeUpstream;

namespace Warbler.Cli.Tests;

[Collection(WarblerServerCollection.Name)]
public sealed partial class AdminTests
{
    private readonly WarblerServer _server;

    public AdminTests(WarblerServer server)
    {
        _server = server;
        server.Upstream.Reset();
    }

    [Fact]
    public async Task Keys_CreateListRevoke_ThenTheRevokedKeyIsRefused()
    {
        var admin = _server.Environment(admin: true);
        var name = $"cli-{Guid.NewGuid():N}"[..16];

        var created = await CliProcess.RunAsync(["keys", "create", "--name", name, "--models", "fake-model,other-model", "--expires", "30d", "--requests-per-minute", "50"], admin);
        CliAssert.Succeeded(created);
        var secret = Secret().Match(created.Output);
        Assert.True(secret.Success, created.ToString());
        Assert.Contains("shown only this once", created.Output, StringComparison.Ordinal);

        var asked = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], _server.Environment(secret.Value));
        CliAssert.Succeeded(asked);

        var table = await CliProcess.RunAsync(["keys", "list"], admin);
        CliAssert.Succeeded(table);
        CliAssert.NoEscapeCodes(table.Output);
        var row = Assert.Single(table.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.Contains(secret.Value[..11], row, StringComparison.Ordinal);
        Assert.Contains("active", row, StringComparison.Ordinal);
        Assert.Contains("fake-model, other-model", row, StringComparison.Ordinal);
        Assert.Contains("50 req/min", row, StringComparison.Ordinal);
        Assert.DoesNotContain(secret.Value, table.Output, StringComparison.Ordinal);

        var json = await CliProcess.RunAsync(["keys", "list", "--json"], admin);
        CliAssert.Succeeded(json);
        var key = JsonNode.Parse(json.Output)!.AsArray().Single(k => k!["name"]!.GetValue<string>() == name)!;
        var id = key["id"]!.GetValue<string>();
        Assert.Contains(id, row, StringComparison.Ordinal);

        var revoked = await CliProcess.RunAsync(["keys", "revoke", id], admin);
        CliAssert.Succeeded(revoked);
        Assert.Contains($"Revoked key {id}", revoked.Output, StringComparison.Ordinal);

        var after = await CliProcess.RunAsync(["keys", "list"], admin);
        Assert.Contains("revoked", Assert.Single(after.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal)), StringComparison.Ordinal);

        var refused = await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], _server.Environment(secret.Value));
        var line = CliAssert.FailedWith(3, refused);
        Assert.Contains("refused (401)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_CreateQuiet_PrintsOnlyTheSecretForAScriptToCapture()
    {
        var result = await CliProcess.RunAsync(["keys", "create", "--name", "my app", "-q"], _server.Environment(admin: true));

        CliAssert.Succeeded(result);
        Assert.Matches(@"^wk-\S+\n$", result.Output);
        Assert.Empty(result.Errors);
        var secret = result.Output.TrimEnd('\n');
        CliAssert.Succeeded(await CliProcess.RunAsync(["ask", "--model", "fake-model", "Hi"], _server.Environment(secret)));
    }

    [Fact]
    public async Task Keys_CreateQuietAndJson_ExitsTwoCreatingNothing()
    {
        var name = $"cli-{Guid.NewGuid():N}"[..16];

        var result = await CliProcess.RunAsync(["keys", "create", "--name", name, "--quiet", "--json"], _server.Environment(admin: true));

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--json and --quiet", line, StringComparison.Ordinal);
        var list = await CliProcess.RunAsync(["keys", "list"], _server.Environment(admin: true));
        Assert.DoesNotContain(name, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_CreateWithoutName_ExitsTwoNamingTheFlag()
    {
        var result = await CliProcess.RunAsync(["keys", "create"], _server.Environment(admin: true));

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--name", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_CreateWithPastExpiry_ExitsTwoNamingTheFlagWithTheServersReason()
    {
        var result = await CliProcess.RunAsync(["keys", "create", "--name", "too late", "--expires", "2020-01-01"], _server.Environment(admin: true));

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--expires: The expiry must be in the future.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_RevokeUnknownId_ExitsOne()
    {
        var id = Guid.NewGuid();

        var result = await CliProcess.RunAsync(["keys", "revoke", id.ToString()], _server.Environment(admin: true));

        var line = CliAssert.FailedWith(1, result);
        Assert.Contains(id.ToString(), line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_WithWrongAdminKey_ExitsThree()
    {
        var environment = _server.Environment();
        environment["WARBLER_ADMIN_KEY"] = "wk-not-the-admin-key-0123456789";

        var result = await CliProcess.RunAsync(["keys", "list"], environment);

        var line = CliAssert.FailedWith(3, result);
        Assert.Contains("admin key (from WARBLER_ADMIN_KEY) was refused (401)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_GroupedByModel_ShowsTheRequestsMade()
    {
        var key = await _server.CreateKeyAsync();
        var keyId = await KeyIdAsync(key);
        CliAssert.Succeeded(await CliProcess.RunAsync(["ask", "--model", "other-model", "Hi"], _server.Environment(key)));
        CliAssert.Succeeded(await CliProcess.RunAsync(["ask", "--model", "other-model", "Again"], _server.Environment(key)));

        // Usage records are written in the background; wait for both.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        CliResult result;
        string? row;
        do
        {
            result = await CliProcess.RunAsync(["usage", "--group-by", "model", "--key", keyId], _server.Environment(admin: true));
            CliAssert.Succeeded(result);
            row = result.Output.Split('\n').FirstOrDefault(l => l.Contains("other-model", StringComparison.Ordinal));
        }
        while ((row is null || !TwoRequests().IsMatch(row)) && DateTime.UtcNow < deadline);

        Assert.True(row is not null, result.ToString());
        Assert.Matches(@"│ other-model\s+│\s+2 │\s+22 │\s+14 │\s+36 │", row);
        Assert.Contains("by model", result.Output, StringComparison.Ordinal);
        CliAssert.NoEscapeCodes(result.Output);
    }

    [Fact]
    public async Task Usage_BadGrouping_ExitsTwoNamingTheFlag()
    {
        var result = await CliProcess.RunAsync(["usage", "--group-by", "week"], _server.Environment(admin: true));

        var line = CliAssert.FailedWith(2, result);
        Assert.Contains("--group-by must be one of day, key, model, provider, user", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_ListAndTest_ShowHealthAndTheTestsOutcome()
    {
        var admin = _server.Environment(admin: true);

        var list = await CliProcess.RunAsync(["providers", "list"], admin);
        var test = await CliProcess.RunAsync(["providers", "test", "fake"], admin);
        _server.Upstream.ModelsScript = UpstreamScript.Fail(401, "Bad upstream key.");
        var failing = await CliProcess.RunAsync(["providers", "test", "fake"], admin);
        var missing = await CliProcess.RunAsync(["providers", "test", "nowhere"], admin);

        CliAssert.Succeeded(list);
        var row = Assert.Single(list.Output.Split('\n'), l => l.Contains(_server.Upstream.BaseUrl, StringComparison.Ordinal));
        Assert.Contains("fake", row, StringComparison.Ordinal);
        Assert.Contains("healthy", row, StringComparison.Ordinal);
        Assert.Contains("fake-model, other-model", row, StringComparison.Ordinal);
        CliAssert.Succeeded(test);
        Assert.StartsWith("fake: ok (200)", test.Output, StringComparison.Ordinal);
        Assert.Equal(1, failing.ExitCode);
        Assert.StartsWith("fake: failed (401)", failing.Output, StringComparison.Ordinal);
        var line = CliAssert.FailedWith(1, missing);
        Assert.Contains("There is no provider 'nowhere'", line, StringComparison.Ordinal);
    }

    private async Task<string> KeyIdAsync(string secret)
    {
        var list = await CliProcess.RunAsync(["keys", "list", "--json"], _server.Environment(admin: true));
        CliAssert.Succeeded(list);
        return JsonNode.Parse(list.Output)!.AsArray().Single(k => secret.StartsWith(k!["prefix"]!.GetValue<string>(), StringComparison.Ordinal))!["id"]!.GetValue<string>();
    }

    [GeneratedRegex(@"│ other-model\s+│\s+2 │")]
    private static partial Regex TwoRequests();

    [GeneratedRegex(@"^wk-\S+$", RegexOptions.Multiline)]
    private static partial Regex Secret();
}
