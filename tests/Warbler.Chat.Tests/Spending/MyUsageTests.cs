using System.Net;
using Warbler.Contracts.Usage;
using Warbler.Data.Teams;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Spending;

public sealed class MyUsageTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task MyUsage_RecordsOfTheUserAndOthers_ShowsOnlyTheirOwnByDayAndModel()
    {
        var host = fixture.Host;
        var (me, client, _) = await SpendingData.UserAsync(host, "me");
        var (other, _, _) = await SpendingData.UserAsync(host, "other");
        var today = DateTime.UtcNow.AddMinutes(-1);
        await SpendingData.AddAsync(host,
            SpendingData.Record(today, "gpt-4o", 100, 50, 0.25m, userId: me),
            SpendingData.Record(today, "gpt-4o-mini", 10, 5, 0.01m, userId: me),
            SpendingData.Record(today.AddDays(-1), "gpt-4o", 200, 100, 0.5m, userId: me),
            SpendingData.Record(today, "gpt-4o", 9999, 9999, 99m, userId: other));

        var usage = await client.GetFromJsonAsync<MyUsage>("/api/me/usage");

        Assert.Equal(3, usage!.Totals.Requests);
        Assert.Equal(465, usage.Totals.TotalTokens);
        Assert.Equal(0.76m, usage.Totals.Cost);
        Assert.Equal([today.AddDays(-1).ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")], usage.ByDay.Select(d => d.Group));
        Assert.Equal(0.26m, usage.ByDay[1].Totals.Cost);
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], usage.ByModel.Select(m => m.Group));
        Assert.Equal(2, usage.ByModel[0].Totals.Requests);
    }

    [Fact]
    public async Task MyUsage_UserWithBudgets_ShowsSpentAndRemainingOfTheCurrentPeriod()
    {
        var host = fixture.Host;
        var (me, client, _) = await SpendingData.UserAsync(host, "budgeted");
        await SpendingData.SetUserLimitsAsync(host, me, new SpendingLimits { DailyCostBudget = 1m, TokenBudget = 1000 });
        await SpendingData.AddAsync(host,
            SpendingData.Record(DateTime.UtcNow, prompt: 300, completion: 100, cost: 0.3m, userId: me),
            SpendingData.Record(DateTime.UtcNow.Date.AddDays(-2), prompt: 100, completion: 0, cost: 0.5m, userId: me));

        var usage = await client.GetFromJsonAsync<MyUsage>("/api/me/usage");

        var daily = Assert.Single(usage!.Budgets, b => b.Budget == "daily_cost");
        Assert.Equal(("cost", DateTime.UtcNow.ToString("yyyy-MM-dd"), 1m, 0.3m, 0.7m), (daily.Unit, daily.Period, daily.Limit, daily.Spent, daily.Remaining));
        Assert.Equal(DateTime.UtcNow.Date.AddDays(1), daily.RenewsAt!.Value.UtcDateTime);
        var total = Assert.Single(usage.Budgets, b => b.Budget == "tokens");
        Assert.Equal(("total", 1000m, 500m, 500m), (total.Period, total.Limit, total.Spent, total.Remaining));
        Assert.Null(total.RenewsAt);

        // Chat:UserLimits:TokensPerDay applies to everyone (200,000 by default).
        var chat = Assert.Single(usage.Budgets, b => b.Budget == "chat_daily_tokens");
        Assert.Equal((200_000m, 400m), (chat.Limit, chat.Spent));
    }

    [Theory]
    [InlineData("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("?to=0001-01-01T00:00:00Z", "from")]
    public async Task MyUsage_BadRange_Returns400NamingTheParameter(string query, string field)
    {
        var (_, client, _) = await SpendingData.UserAsync(fixture.Host, "range");

        using var response = await client.GetAsync("/api/me/usage" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task MyUsage_WithoutSignIn_Returns401()
    {
        using var client = fixture.Host.CreateClient(key: null);

        using var response = await client.GetAsync("/api/me/usage");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
