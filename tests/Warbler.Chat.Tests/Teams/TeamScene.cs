using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Teams;

/// <summary>Teams, members and keys made through the API, as an admin and users would make them.</summary>
internal static class TeamScene
{
    public static async Task<Guid> CreateTeamAsync(this GatewayHost host, string name = "team")
    {
        using var admin = host.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/teams", new { name = $"{name}-{Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A new user in the team with the role; returns their id and a client signed in as them.</summary>
    public static async Task<(Guid Id, HttpClient Client)> AddUserAsync(this GatewayHost host, Guid team, string role = "member", string name = "user")
    {
        var email = ChatUsers.NewEmail(name);
        var id = await host.CreateUserAsync(email);
        using var admin = host.CreateAdminClient();
        using var added = await admin.PostAsJsonAsync($"/api/teams/{team}/members", new { userId = id, role });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (id, host.CreateClient(await host.LoginAsync(email)));
    }

    /// <summary>Creates a key through <paramref name="path"/> (<c>/api/me/keys</c> or a team's keys); returns its id and secret.</summary>
    public static async Task<(Guid Id, string Secret)> CreateKeyAsync(this HttpClient client, string path, object? body = null)
    {
        using var created = await client.PostAsJsonAsync(path, body ?? new { name = "key" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (json.GetProperty("id").GetGuid(), json.GetProperty("key").GetString()!);
    }

    public static readonly object Chat = new { model = "gpt-4o-mini", max_tokens = 5, messages = new[] { new { role = "user", content = "Hi" } } };
}
