using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Realtime;
using Warbler.Data.Teams;
using Warbler.Gateway.Budgets;

namespace Warbler.Chat.Tests.Spending;

public sealed class BudgetAlertHubTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task Crossed_UserBudget_ConnectedUserGetsBudgetAlert()
    {
        var host = fixture.Host;
        var (userId, _, tokens) = await SpendingData.UserAsync(host, "spender");
        await using var hub = await HubClient.ConnectAsync(host, tokens.AccessToken);

        host.Services.GetRequiredService<IBudgetAlerts>().Crossed(
            new BudgetCrossing(BudgetSubject.User, userId, "daily_cost", "2026-12-07", 80, 8.5m, 10m, DateTimeOffset.UtcNow));

        var alert = (await hub.WaitForAsync("budgetAlert")).Args[0];
        Assert.Equal("user", alert.GetProperty("subject").GetString());
        Assert.Equal(userId, alert.GetProperty("subjectId").GetGuid());
        Assert.Equal("daily_cost", alert.GetProperty("budget").GetString());
        Assert.Equal(80, alert.GetProperty("percent").GetInt32());
        Assert.Equal(8.5m, alert.GetProperty("spent").GetDecimal());
        Assert.Equal(10m, alert.GetProperty("limit").GetDecimal());
    }

    [Fact]
    public async Task Crossed_TeamBudget_OwnersAndMembersGetItOnce()
    {
        var host = fixture.Host;
        var (owner, _, ownerTokens) = await SpendingData.UserAsync(host, "owner");
        var (member, _, memberTokens) = await SpendingData.UserAsync(host, "member");
        var name = "Team " + Guid.NewGuid().ToString("N");
        var team = await SpendingData.CreateTeamAsync(host, name, null, (owner, TeamRole.Owner), (member, TeamRole.Member));
        await using var ownerHub = await HubClient.ConnectAsync(host, ownerTokens.AccessToken);
        await using var memberHub = await HubClient.ConnectAsync(host, memberTokens.AccessToken);
        var alerts = host.Services.GetRequiredService<IBudgetAlerts>();
        var crossing = new BudgetCrossing(BudgetSubject.Team, team, "monthly_tokens", "2026-12", 100, 1000m, 1000m, DateTimeOffset.UtcNow);

        alerts.Crossed(crossing);
        alerts.Crossed(crossing);

        // A later crossing of another threshold is told too; the repeat above is not.
        alerts.Crossed(crossing with { Percent = 80 });
        foreach (var hub in new[] { ownerHub, memberHub })
        {
            var events = await hub.WaitUntilAsync(e => e.Any(x => x.Name == "budgetAlert" && x.Args[0].GetProperty("percent").GetInt32() == 80), "the 80 % alert");
            var told = events.Where(e => e.Name == "budgetAlert").Select(e => e.Args[0]).ToList();
            Assert.Equal([100, 80], told.Select(a => a.GetProperty("percent").GetInt32()));
            Assert.All(told, a => Assert.Equal(name, a.GetProperty("subjectName").GetString()));
        }
    }
}
