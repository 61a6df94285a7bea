using System.Net;
using System.Text.Json;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Limits;

/// <summary>
/// Token budgets: a request whose reservation (prompt plus max_tokens) would take a key past its
/// budget gets 429 insufficient_quota. The fake upstream reports 18 tokens per answer; the small
/// request reserves 12 (7 for the prompt, 5 for max_tokens), so 18 + 12 does not fit in 29.
/// </summary>
public sealed class TokenBudgetTests(GatewayHostFixture shared) : IClassFixture<GatewayHostFixture>
{
    private static readonly object SmallRequest = new { model = "gpt-4o-mini", max_tokens = 5, messages = new[] { new { role = "user", content = "Hello" } } };

    [Fact]
    public async Task DailyBudget_RequestThatWouldExceedIt_IsRefusedAsInsufficientQuota()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { dailyTokenBudget = 29 }));

        using var first = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);
        using var second = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(second);
        Assert.Equal(("insufficient_quota", "insufficient_quota"), (error.Type, error.Code));
        Assert.Contains("daily token budget: 18 of 29", error.Message, StringComparison.Ordinal);
        Assert.InRange(second.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task TotalBudget_AfterRestart_CountsWhatWasAlreadyUsed()
    {
        var databasePath = GatewayHost.NewDatabasePath();
        try
        {
            string key;
            await using (var first = await GatewayHost.StartAsync(databasePath: databasePath))
            {
                key = await first.CreateKeyAsync(limits: new { tokenBudget = 29 });
                using var client = first.CreateClient(key);
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest)).StatusCode);
                await UsageRecords.WaitForAsync(first, 1);
            }

            await using var second = await GatewayHost.StartAsync(databasePath: databasePath);
            using var again = second.CreateClient(key);

            using var refused = await again.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("total token budget: 18 of 29", (await OpenAIErrorBody.ReadAsync(refused)).Message, StringComparison.Ordinal);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Fact]
    public async Task Patch_BudgetOnAKeyWithUsage_CountsItsPastUsageAndZeroRemovesIt()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        using var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "spender" })).Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString();
        using var client = host.CreateClient(created.RootElement.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest)).StatusCode);
        await UsageRecords.WaitForKeyAsync(host, Guid.Parse(id!), 1);

        using var budgeted = await admin.PatchAsJsonAsync($"/api/admin/keys/{id}", new { monthlyTokenBudget = 25 });
        using var refused = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);
        using var unbudgeted = await admin.PatchAsJsonAsync($"/api/admin/keys/{id}", new { monthlyTokenBudget = 0 });
        using var allowed = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

        Assert.Equal(HttpStatusCode.OK, budgeted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("insufficient_quota", (await OpenAIErrorBody.ReadAsync(refused)).Code);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}
