using System.Net;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Spending;

public sealed class UsageExportTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    [Fact]
    public async Task Export_GroupedByTeam_IsAnAttachedCsvWithAHeaderAndOneQuotedRowPerGroup()
    {
        var host = fixture.Host;
        var name = "R&D, \"north\" " + Guid.NewGuid().ToString("N");
        var team = await SpendingData.CreateTeamAsync(host, name);
        var now = DateTime.UtcNow.AddMinutes(-1);
        await SpendingData.AddAsync(host,
            SpendingData.Record(now, prompt: 10, completion: 5, cost: 0.5m, teamId: team),
            SpendingData.Record(now, prompt: 20, completion: 5, cost: 1.25m, teamId: team));
        using var admin = host.CreateAdminClient();

        using var response = await admin.GetAsync($"/api/admin/usage/export?groupBy=team&teamId={team}&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal("group,name,requests,prompt_tokens,cached_tokens,cache_write_tokens,completion_tokens,total_tokens,estimated_requests,cost", lines[0]);
        Assert.Equal($"{team},\"{name.Replace("\"", "\"\"")}\",2,30,0,0,10,40,0,1.75", lines[1]);
        Assert.Equal([""], lines[2..]);
    }

    [Fact]
    public async Task Export_ByDay_WritesIsoDatesInOrder()
    {
        var host = fixture.Host;
        var team = await SpendingData.CreateTeamAsync(host, "Days " + Guid.NewGuid().ToString("N"));
        var now = DateTime.UtcNow.AddMinutes(-1);
        await SpendingData.AddAsync(host,
            SpendingData.Record(now, teamId: team),
            SpendingData.Record(now.AddDays(-3), teamId: team));
        using var admin = host.CreateAdminClient();

        var csv = await admin.GetStringAsync($"/api/admin/usage/export?groupBy=day&teamId={team}");

        var days = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[0]);
        Assert.Equal([now.AddDays(-3).ToString("yyyy-MM-dd"), now.ToString("yyyy-MM-dd")], days);
    }

    [Theory]
    [InlineData("?format=xlsx", "format")]
    [InlineData("?groupBy=colour", "groupBy")]
    [InlineData("?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    public async Task Export_BadQuery_Returns400(string query, string field)
    {
        using var admin = fixture.Host.CreateAdminClient();

        using var response = await admin.GetAsync("/api/admin/usage/export" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemBody.ReadAsync(response)).Errors.Keys);
    }

    [Fact]
    public async Task Export_UserWhoIsNoAdmin_Returns403()
    {
        var (_, client, _) = await SpendingData.UserAsync(fixture.Host, "user");

        using var response = await client.GetAsync("/api/admin/usage/export");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
