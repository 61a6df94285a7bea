using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Testing;
using Warbler.Testing.SignOn;

namespace Warbler.Chat.Tests.SignOn;

/// <summary>
/// A real OpenID Connect provider and one Warbler signing in with it (provider <c>test</c>), with
/// password sign-up turned off and the groups claim mapped to the admin role and to two teams.
/// </summary>
public sealed class SignOnFixture : IAsyncLifetime
{
    public const string ClientId = "warbler";
    public const string ClientSecret = "warbler-client-secret-0123456789";
    public const string AdminGroup = "warbler-admins";

    public OidcTestProvider Provider { get; private set; } = null!;

    public GatewayHost Host { get; private set; } = null!;

    /// <summary>Everything the host logs: the tests check no secret is in it.</summary>
    public LogCapture Log { get; } = new();

    public async Task InitializeAsync()
    {
        Provider = await OidcTestProvider.StartAsync();
        Host = await GatewayHost.StartAsync(logger: Log, configure: settings =>
        {
            settings["Auth:PasswordSignUp"] = "false";
            settings["Auth:SignOn:Providers:test:DisplayName"] = "Test IdP";
            settings["Auth:SignOn:Providers:test:Authority"] = Provider.Authority;
            settings["Auth:SignOn:Providers:test:ClientId"] = ClientId;
            settings["Auth:SignOn:Providers:test:ClientSecret"] = ClientSecret;
            settings["Auth:SignOn:Providers:test:Scopes"] = "openid profile email groups";
            settings["Auth:SignOn:Providers:test:GroupsClaim"] = "groups";
            settings["Auth:SignOn:Providers:test:AdminGroups:0"] = AdminGroup;
            settings["Auth:SignOn:Providers:test:TeamGroups:eng"] = "Engineering";
            settings["Auth:SignOn:Providers:test:TeamsFromGroups"] = "true";

            // A provider nobody answers for.
            settings["Auth:SignOn:Providers:down:Authority"] = $"http://127.0.0.1:{ClosedPort.Take()}/";
            settings["Auth:SignOn:Providers:down:ClientId"] = ClientId;
        });
        await Provider.AddClientAsync(ClientId, ClientSecret, new Uri(Host.BaseAddress, "/api/auth/sign-on/test/callback").ToString());
    }

    public SignOnBrowser NewBrowser() => new(Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

    /// <summary>Makes a team, as the teams API would.</summary>
    public async Task<Guid> CreateTeamAsync(string name)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        var team = new Team { Id = Guid.NewGuid(), Name = name, CreatedAt = DateTime.UtcNow };
        db.Teams.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
