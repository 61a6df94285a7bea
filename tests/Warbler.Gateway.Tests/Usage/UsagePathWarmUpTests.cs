using Warbler.Testing;

namespace Warbler.Gateway.Tests.Usage;

/// <summary>
/// A started server has run the usage path's statements once, in a transaction it rolled back:
/// nothing of the warm-up is stored, and the first real record is stored as any other.
/// </summary>
public sealed class UsagePathWarmUpTests
{
    [Fact]
    public async Task Start_WarmsTheUsagePath_LeavingNoRecordOrBatchIdBehind()
    {
        var logs = new LogCapture();
        await using var host = await GatewayHost.StartAsync(logger: logs);

        Assert.Contains(logs.Lines, line => line.Contains("The usage path was warmed up", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("could not be warmed up", StringComparison.Ordinal));
        Assert.Equal([0L], await host.Database.QueryAsync("SELECT count(*) FROM usage_records", r => r.GetInt64(0)));
        Assert.Equal([0L], await host.Database.QueryAsync("SELECT count(*) FROM usage_batches", r => r.GetInt64(0)));

        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", GatewayHost.AdminKey);
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } } });
        response.EnsureSuccessStatusCode();
        await Eventually.UntilAsync(
            async () => (await host.Database.QueryAsync("SELECT \"Model\" FROM usage_records", r => r.GetString(0))).SequenceEqual(["gpt-4o-mini"]),
            because: "the first request's usage record to be stored");
    }
}
