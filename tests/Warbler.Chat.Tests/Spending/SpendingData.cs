using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Data.Usage;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Spending;

/// <summary>Usage records, teams and limits written straight to a host's database, as the gateway and the teams API would.</summary>
internal static class SpendingData
{
    public static UsageRecord Record(DateTime at, string model = "gpt-4o-mini", int prompt = 100, int completion = 50, decimal? cost = 0.01m, Guid? userId = null, Guid? teamId = null, Guid? keyId = null, Guid? botId = null) => new()
    {
        RequestId = Guid.NewGuid().ToString("N"),
        Model = model,
        Status = 200,
        PromptTokens = prompt,
        CompletionTokens = completion,
        Cost = cost,
        UserId = userId,
        TeamId = teamId,
        KeyId = keyId ?? Guid.Empty,
        BotId = botId,
        CreatedAt = at,
    };

    public static async Task AddAsync(GatewayHost host, params UsageRecord[] records)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        db.UsageRecords.AddRange(records);
        await db.SaveChangesAsync();
    }

    public static async Task<Guid> CreateTeamAsync(GatewayHost host, string name, SpendingLimits? limits = null, params (Guid UserId, TeamRole Role)[] members)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var team = new Team { Id = Guid.NewGuid(), Name = name, Limits = limits ?? new(), CreatedAt = DateTime.UtcNow };
        db.Teams.Add(team);
        db.TeamMembers.AddRange(members.Select(m => new TeamMember { TeamId = team.Id, UserId = m.UserId, Role = m.Role, JoinedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
        return team.Id;
    }

    public static async Task SetUserLimitsAsync(GatewayHost host, Guid userId, SpendingLimits limits)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var user = await db.Users.FindAsync(userId);
        user!.Limits = limits;
        await db.SaveChangesAsync();
    }

    /// <summary>A user made by the admin key, and a client signed in as them.</summary>
    public static async Task<(Guid Id, HttpClient Client, AccessTokens Tokens)> UserAsync(GatewayHost host, string name, bool admin = false)
    {
        var email = ChatUsers.NewEmail(name);
        var id = await host.CreateUserAsync(email, admin);
        var tokens = await host.LoginAsync(email);
        return (id, host.CreateClient(tokens), tokens);
    }
}
