using System.Text.Json;
using Warbler.Gateway.Tests.ChatCompletions;
using Warbler.Testing;
using Warbler.Gateway.Tests.Usage;

namespace Warbler.Gateway.Tests.Bots;

/// <summary>Bot replies in the admin usage report: grouped by user, filtered by user, and kept apart from keys.</summary>
public sealed class BotUsageReportTests
{
    [Fact]
    public async Task AdminUsage_GroupByUser_SplitsBotRepliesByUserAndKeyTrafficIsTheEmptyGroup()
    {
        await using var host = await GatewayHost.StartAsync();
        await BotCalls.CollectAsync(host, BotCalls.Request(user: BotCalls.Alice));
        await BotCalls.CollectAsync(host, BotCalls.Request(user: BotCalls.Alice));
        await BotCalls.CollectAsync(host, BotCalls.Request(user: BotCalls.Bob));
        using var client = host.CreateClient(await host.CreateKeyAsync());
        await client.PostAsJsonAsync("/v1/chat/completions", ChatCompletionsRelayTests.ChatRequest());
        await UsageRecords.WaitForAsync(host, 4);
        using var admin = host.CreateAdminClient();

        using var byUser = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage?groupBy=user"));
        using var alice = JsonDocument.Parse(await admin.GetStringAsync($"/api/admin/usage?userId={BotCalls.Alice}"));
        using var byKey = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage?groupBy=key"));

        var groups = byUser.RootElement.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("group").GetString()!, g => g.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(new Dictionary<string, long> { [""] = 1, [BotCalls.Alice.ToString()] = 2, [BotCalls.Bob.ToString()] = 1 }, groups);
        Assert.Equal(2, alice.RootElement.GetProperty("totals").GetProperty("requests").GetInt64());
        Assert.Equal(36, alice.RootElement.GetProperty("totals").GetProperty("totalTokens").GetInt64());
        var keyGroups = byKey.RootElement.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("group").GetString(), g.GetProperty("totals").GetProperty("requests").GetInt64())).ToList();
        Assert.Contains(("", 3L), keyGroups);
        Assert.Equal(2, keyGroups.Count);
    }
}
