using System.Net;
using Warbler.Contracts.Usage;
using Warbler.Data.Teams;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Spending;

public sealed class TeamUsageTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task TeamUsage_OwnerGroupsByUser_SeesEachMemberByNameAndTheTeamsBudget()
    {
        var host = fixture.Host;
        var (owner, ownerClient, _) = await SpendingData.UserAsync(host, "owner");
        var (member, _, _) = await SpendingData.UserAsync(host, "member");
        var team = await SpendingData.CreateTeamAsync(host, "Team " + Guid.NewGuid().ToString("N"), new SpendingLimits { MonthlyCostBudget = 10m },
            (owner, TeamRole.Owner), (member, TeamRole.Member));
        var now = DateTime.UtcNow.AddMinutes(-1);
        await SpendingData.AddAsync(host,
            SpendingData.Record(now, cost: 1m, userId: owner, teamId: team),
            SpendingData.Record(now, cost: 2m, userId: member, teamId: team),
            SpendingData.Record(now, cost: 3m, userId: member, teamId: team),
            SpendingData.Record(now, cost: 50m, userId: member));

        var usage = await ownerClient.GetFromJsonAsync<TeamUsage>($"/api/teams/{team}/usage?groupBy=user");

        Assert.Equal(3, usage!.Totals.Requests);
        Assert.Equal(6m, usage.Totals.Cost);
        var byMember = usage.Groups.ToDictionary(g => Guid.Parse(g.Group));
        Assert.Equal(1m, byMember[owner].Totals.Cost);
        Assert.Equal(5m, byMember[member].Totals.Cost);
        Assert.StartsWith("member-", byMember[member].Name);
        var budget = Assert.Single(usage.Budgets);
        Assert.Equal(("monthly_cost", 10m, 6m, 4m), (budget.Budget, budget.Limit, budget.Spent, budget.Remaining));
    }

    [Theory]
    [InlineData("model")]
    [InlineData("key")]
    [InlineData("day")]
    public async Task TeamUsage_OtherGroupings_SumToTheTeamsTotal(string groupBy)
    {
        var host = fixture.Host;
        var (owner, client, _) = await SpendingData.UserAsync(host, "owner");
        var team = await SpendingData.CreateTeamAsync(host, "Team " + Guid.NewGuid().ToString("N"), null, (owner, TeamRole.Owner));
        var now = DateTime.UtcNow.AddMinutes(-1);
        await SpendingData.AddAsync(host,
            SpendingData.Record(now, "a", teamId: team, keyId: Guid.NewGuid()),
            SpendingData.Record(now.AddDays(-1), "b", teamId: team, userId: owner, botId: Guid.NewGuid()));

        var usage = await client.GetFromJsonAsync<TeamUsage>($"/api/teams/{team}/usage?groupBy={groupBy}");

        Assert.Equal(2, usage!.Groups.Count);
        Assert.Equal(2, usage.Groups.Sum(g => g.Totals.Requests));
    }

    [Fact]
    public async Task TeamUsage_Member_Returns403()
    {
        var host = fixture.Host;
        var (member, client, _) = await SpendingData.UserAsync(host, "member");
        var team = await SpendingData.CreateTeamAsync(host, "Team " + Guid.NewGuid().ToString("N"), null, (member, TeamRole.Member));

        using var response = await client.GetAsync($"/api/teams/{team}/usage");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(403, (await ProblemBody.ReadAsync(response)).Status);
    }

    [Fact]
    public async Task TeamUsage_OwnerOfAnotherTeam_Returns404AsForAMissingTeam()
    {
        var host = fixture.Host;
        var (owner, client, _) = await SpendingData.UserAsync(host, "owner");
        await SpendingData.CreateTeamAsync(host, "Mine " + Guid.NewGuid().ToString("N"), null, (owner, TeamRole.Owner));
        var theirs = await SpendingData.CreateTeamAsync(host, "Theirs " + Guid.NewGuid().ToString("N"));

        using var other = await client.GetAsync($"/api/teams/{theirs}/usage");
        using var missing = await client.GetAsync($"/api/teams/{Guid.NewGuid()}/usage");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((await ProblemBody.ReadAsync(missing)).Title, (await ProblemBody.ReadAsync(other)).Title);
    }

    [Fact]
    public async Task TeamUsage_Admin_SeesAnyTeam()
    {
        var host = fixture.Host;
        var (_, admin, _) = await SpendingData.UserAsync(host, "admin", admin: true);
        var team = await SpendingData.CreateTeamAsync(host, "Team " + Guid.NewGuid().ToString("N"));

        using var response = await admin.GetAsync($"/api/teams/{team}/usage");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("?groupBy=provider", "groupBy")]
    [InlineData("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task TeamUsage_BadQuery_Returns400(string query, string field)
    {
        var host = fixture.Host;
        var (owner, client, _) = await SpendingData.UserAsync(host, "owner");
        var team = await SpendingData.CreateTeamAsync(host, "Team " + Guid.NewGuid().ToString("N"), null, (owner, TeamRole.Owner));

        using var response = await client.GetAsync($"/api/teams/{team}/usage{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }
}
