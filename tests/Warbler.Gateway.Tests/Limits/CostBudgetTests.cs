using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Warbler.FakeUpstream;
using Warbler.Gateway.Tests.Usage;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Limits;

/// <summary>
/// Prices from the <c>Pricing</c> section turn tokens into cost: each usage record carries it, and
/// keys may have cost budgets. The fake upstream reports 11 prompt and 7 completion tokens.
/// With input at 2, cached input at 1 and output at 8 per million tokens, an answer costs
/// (11 × 2 + 7 × 8) / 1,000,000 = 0.000078.
/// </summary>
public sealed class CostBudgetTests(CostBudgetTests.PricedHost shared) : IClassFixture<CostBudgetTests.PricedHost>
{
    private const decimal AnswerCost = 0.000078m;

    private static readonly object SmallRequest = new { model = "gpt-4o-mini", max_tokens = 5, messages = new[] { new { role = "user", content = "Hello" } } };

    private static void Priced(Dictionary<string, string?> settings)
    {
        settings["Pricing:Currency"] = "EUR";
        settings["Pricing:Models:gpt-4o-mini:Input"] = "2";
        settings["Pricing:Models:gpt-4o-mini:CachedInput"] = "1";
        settings["Pricing:Models:gpt-4o-mini:Output"] = "8";
        settings["Pricing:Models:gpt-4o:Input"] = "5";
        settings["Pricing:Models:gpt-4o:Output"] = "20";
    }

    [Fact]
    public async Task UsageRecord_OfAPricedModel_CarriesItsCostWithCachedTokensAtTheCachedPrice()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        host.Upstream.Enqueue(UpstreamScript.Answer() with { PromptTokens = 1000, CachedTokens = 400, CompletionTokens = 100 });
        using var client = host.CreateClient(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await UsageRecords.WaitForKeyAsync(host, keyId, 1);
        // 600 uncached × 2 + 400 cached × 1 + 100 × 8 = 2,400 per million.
        Assert.Equal([0.0024m], await StoredCostsAsync(host, keyId));
    }

    [Fact]
    public async Task UsageRecord_AnsweredByADatedVersion_IsPricedByTheModelWithoutTheDate()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        using var client = host.CreateClient(key);

        // The fake answers with the model asked for; "gpt-4o-2024-08-06" is not in the table, "gpt-4o" is.
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-2024-08-06", messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await UsageRecords.WaitForKeyAsync(host, keyId, 1);
        Assert.Equal([((11 * 5) + (7 * 20)) / 1_000_000m], await StoredCostsAsync(host, keyId));
    }

    [Fact]
    public async Task UsageRecord_OfAModelWithoutPrice_HasNoCost()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync();
        using var client = host.CreateClient(key);

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "unpriced-model", messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await UsageRecords.WaitForKeyAsync(host, keyId, 1);
        Assert.Equal([null], await StoredCostsAsync(host, keyId));
    }

    [Fact]
    public async Task DailyCostBudget_RequestThatWouldExceedIt_IsRefusedAsInsufficientQuota()
    {
        var host = shared.Fresh();
        // The first answer costs 0.000078; the next reserves (7 prompt × 2 + 5 max_tokens × 8) / 1M = 0.000054, which does not fit in 0.0001.
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { dailyCostBudget = 0.0001m }));

        using var first = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);
        using var second = await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(second);
        Assert.Equal(("insufficient_quota", "insufficient_quota"), (error.Type, error.Code));
        Assert.Contains("daily cost budget: 0.0001 of 0.0001 EUR", error.Message, StringComparison.Ordinal);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Single(host.Upstream.Requests);
    }

    [Fact]
    public async Task TotalCostBudget_AfterRestart_CountsWhatWasAlreadySpent()
    {
        var databasePath = GatewayHost.NewDatabasePath();
        try
        {
            string key;
            await using (var first = await GatewayHost.StartAsync(configure: Priced, databasePath: databasePath))
            {
                key = await first.CreateKeyAsync(limits: new { costBudget = 0.0001m });
                using var client = first.CreateClient(key);
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest)).StatusCode);
                await UsageRecords.WaitForAsync(first, 1);
            }

            await using var second = await GatewayHost.StartAsync(configure: Priced, databasePath: databasePath);
            using var again = second.CreateClient(key);

            using var refused = await again.PostAsJsonAsync("/v1/chat/completions", SmallRequest);

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("total cost budget", (await OpenAIErrorBody.ReadAsync(refused)).Message, StringComparison.Ordinal);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Fact]
    public async Task CostBudget_ModelWithoutPrice_IsRefusedBecauseItsCostCannotBeCounted()
    {
        var host = shared.Fresh();
        using var client = host.CreateClient(await host.CreateKeyAsync(limits: new { monthlyCostBudget = 10 }));

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "unpriced-model", messages = new[] { new { role = "user", content = "Hi" } } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await OpenAIErrorBody.ReadAsync(response);
        Assert.Equal(("model_not_priced", "model"), (error.Code, error.Param));
        Assert.Empty(host.Upstream.Requests);
    }

    [Fact]
    public async Task CreateKey_CostBudgetWithoutAPriceTable_IsValidationProblem()
    {
        await using var host = await GatewayHost.StartAsync();
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "k", costBudget = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("costBudget", body, StringComparison.Ordinal);
        Assert.Contains("Pricing:Models", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"k","costBudget":0}""", "costBudget")]
    [InlineData("""{"name":"k","dailyCostBudget":-1}""", "dailyCostBudget")]
    [InlineData("""{"name":"k","monthlyCostBudget":"ten"}""", "monthlyCostBudget")]
    public async Task CreateKey_BadCostBudget_IsValidationProblem(string body, string field)
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();

        using var response = await admin.PostAsync("/api/admin/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_CostBudget_IsShownAndZeroRemovesIt()
    {
        var host = shared.Fresh();
        using var admin = host.CreateAdminClient();
        using var created = JsonDocument.Parse(await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "k" })).Content.ReadAsStringAsync());
        var id = created.RootElement.GetProperty("id").GetString();

        using var set = JsonDocument.Parse(await (await admin.PatchAsJsonAsync($"/api/admin/keys/{id}", new { dailyCostBudget = 2.5m })).Content.ReadAsStringAsync());
        using var removed = JsonDocument.Parse(await (await admin.PatchAsJsonAsync($"/api/admin/keys/{id}", new { dailyCostBudget = 0 })).Content.ReadAsStringAsync());

        Assert.Equal(2.5m, set.RootElement.GetProperty("dailyCostBudget").GetDecimal());
        Assert.Equal(JsonValueKind.Null, removed.RootElement.GetProperty("dailyCostBudget").ValueKind);
    }

    [Fact]
    public async Task OwnUsage_KeyWithBudgets_ShowsCostAndWhatIsLeftOfEachBudget()
    {
        var host = shared.Fresh();
        var (key, keyId) = await host.CreateKeyWithIdAsync(limits: new { dailyCostBudget = 1m, tokenBudget = 1000, requestsPerMinute = 60 });
        using var client = host.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest)).StatusCode);
        await UsageRecords.WaitForKeyAsync(host, keyId, 1);

        using var usage = JsonDocument.Parse(await client.GetStringAsync("/v1/usage"));

        var root = usage.RootElement;
        Assert.Equal("EUR", root.GetProperty("currency").GetString());
        Assert.Equal(AnswerCost, root.GetProperty("today").GetProperty("cost").GetDecimal());
        Assert.Equal(60, root.GetProperty("rate_limits").GetProperty("requests_per_minute").GetInt32());
        var budgets = root.GetProperty("budgets").EnumerateArray().ToDictionary(
            b => $"{b.GetProperty("unit").GetString()}/{b.GetProperty("period").GetString()}");
        Assert.Equal(2, budgets.Count);
        Assert.Equal(982m, budgets["tokens/total"].GetProperty("remaining").GetDecimal());
        Assert.Equal(JsonValueKind.Null, budgets["tokens/total"].GetProperty("renews_at").ValueKind);
        Assert.Equal(1m - AnswerCost, budgets["cost/daily"].GetProperty("remaining").GetDecimal());
        Assert.Equal(DateTime.UtcNow.Date.AddDays(1), budgets["cost/daily"].GetProperty("renews_at").GetDateTimeOffset().UtcDateTime);
    }

    [Fact]
    public async Task AdminUsage_ByModel_SumsTheCost()
    {
        await using var host = await GatewayHost.StartAsync(configure: Priced);
        using var client = host.CreateClient(await host.CreateKeyAsync());
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/chat/completions", SmallRequest)).StatusCode);
        }

        await UsageRecords.WaitForAsync(host, 3);
        using var admin = host.CreateAdminClient();
        using var report = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage?groupBy=model"));

        Assert.Equal(3 * AnswerCost, report.RootElement.GetProperty("totals").GetProperty("cost").GetDecimal());
        Assert.Equal(3 * AnswerCost, report.RootElement.GetProperty("groups")[0].GetProperty("totals").GetProperty("cost").GetDecimal());
    }

    /// <summary>The costs of a key's records as stored (SQLite keeps decimals as text, PostgreSQL as numeric), so no rounding hides in a conversion.</summary>
    private static async Task<List<decimal?>> StoredCostsAsync(GatewayHost host, Guid keyId)
    {
        var records = await host.Database.QueryAsync(
            """SELECT "KeyId", "Cost" FROM usage_records ORDER BY "Id" """,
            reader => (KeyId: reader.GetGuid(0), Cost: reader.IsDBNull(1) ? (decimal?)null : decimal.Parse(Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture)));
        return [.. records.Where(r => r.KeyId == keyId).Select(r => r.Cost)];
    }

    /// <summary>One gateway with the price table above, shared by the tests that need no host of their own.</summary>
    public sealed class PricedHost : SharedHostFixture
    {
        protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync(configure: Priced);
    }
}
