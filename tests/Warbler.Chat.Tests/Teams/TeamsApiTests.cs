using System.Net;
using System.Text.Json;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Teams;

/// <summary>Teams, their members and keys, and users' own keys, through <c>/api</c> as people use them.</summary>
public sealed class TeamsApiTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task ListTeams_AsAMember_ShowsTheirTeamsWithTheirRoleAndNoOthers()
    {
        var sales = await Host.CreateTeamAsync("sales");
        var support = await Host.CreateTeamAsync("support");
        var (_, ann) = await Host.AddUserAsync(sales, "owner");
        using var _ = ann;

        var teams = await ann.GetFromJsonAsync<JsonElement>("/api/teams");

        var only = Assert.Single(teams.EnumerateArray());
        Assert.Equal((sales, "owner", 1), (only.GetProperty("id").GetGuid(), only.GetProperty("role").GetString(), only.GetProperty("members").GetInt32()));
        Assert.DoesNotContain(support.ToString(), teams.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTeam_NameTakenInAnotherCase_Is409()
    {
        using var admin = Host.CreateAdminClient();
        var name = $"Ops-{Guid.NewGuid():N}";
        using var first = await admin.PostAsJsonAsync("/api/teams", new { name });

        using var second = await admin.PostAsJsonAsync("/api/teams", new { name = name.ToUpperInvariant() });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Conflict), (first.StatusCode, second.StatusCode));
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetTeam_ByAUserNotInIt_Is404AsIfItDidNotExist()
    {
        var sales = await Host.CreateTeamAsync();
        using var outsider = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("eve"));

        using var team = await outsider.GetAsync($"/api/teams/{sales}");
        using var members = await outsider.GetAsync($"/api/teams/{sales}/members");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (team.StatusCode, members.StatusCode));
        Assert.Equal("application/problem+json", team.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ManageTeam_ByAMemberWhoIsNotAnOwner_Is403()
    {
        var sales = await Host.CreateTeamAsync();
        var (bobId, bob) = await Host.AddUserAsync(sales);
        var (_, ann) = await Host.AddUserAsync(sales);
        using var __ = bob;
        using var ___ = ann;

        using var add = await ann.PostAsJsonAsync($"/api/teams/{sales}/members", new { email = ChatUsers.NewEmail() });
        using var promote = await ann.PatchAsJsonAsync($"/api/teams/{sales}/members/{bobId}", new { role = "owner" });
        using var remove = await ann.DeleteAsync($"/api/teams/{sales}/members/{bobId}");
        using var keys = await ann.GetAsync($"/api/teams/{sales}/keys");
        using var newKey = await ann.PostAsJsonAsync($"/api/teams/{sales}/keys", new { name = "mine" });
        using var limits = await ann.PutAsJsonAsync($"/api/teams/{sales}/limits", new { requestsPerMinute = 1000 });
        using var read = await ann.GetAsync($"/api/teams/{sales}/members");

        Assert.All([add, promote, remove, keys, newKey, limits], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task TeamOwner_AnotherTeamsKeysAndMembers_Are404()
    {
        var sales = await Host.CreateTeamAsync();
        var support = await Host.CreateTeamAsync();
        var (_, salesOwner) = await Host.AddUserAsync(sales, "owner");
        var (_, supportOwner) = await Host.AddUserAsync(support, "owner");
        using var __ = salesOwner;
        using var ___ = supportOwner;
        var (supportKey, _) = await supportOwner.CreateKeyAsync($"/api/teams/{support}/keys");

        using var keys = await salesOwner.GetAsync($"/api/teams/{support}/keys");
        using var members = await salesOwner.GetAsync($"/api/teams/{support}/members");
        using var revoke = await salesOwner.DeleteAsync($"/api/teams/{support}/keys/{supportKey}");
        using var revokeThroughOwnTeam = await salesOwner.DeleteAsync($"/api/teams/{sales}/keys/{supportKey}");
        using var stillListed = await supportOwner.GetAsync($"/api/teams/{support}/keys");

        Assert.All([keys, members, revoke, revokeThroughOwnTeam], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Contains(supportKey.ToString(), await stillListed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamOwner_AddsByEmailChangesTheRoleAndRemoves()
    {
        var sales = await Host.CreateTeamAsync();
        var (_, owner) = await Host.AddUserAsync(sales, "owner");
        using var __ = owner;
        var email = ChatUsers.NewEmail("carl");
        var carl = await Host.CreateUserAsync(email);

        using var added = await owner.PostAsJsonAsync($"/api/teams/{sales}/members", new { email = email.ToUpperInvariant() });
        using var again = await owner.PostAsJsonAsync($"/api/teams/{sales}/members", new { userId = carl });
        using var promoted = await owner.PatchAsJsonAsync($"/api/teams/{sales}/members/{carl}", new { role = "owner" });
        using var removed = await owner.DeleteAsync($"/api/teams/{sales}/members/{carl}");
        using var unknown = await owner.PostAsJsonAsync($"/api/teams/{sales}/members", new { email = ChatUsers.NewEmail("nobody") });
        var members = await owner.GetFromJsonAsync<JsonElement>($"/api/teams/{sales}/members");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("member", (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("owner", (await promoted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("email", (await ProblemBody.ReadAsync(unknown)).Errors.Keys);
        Assert.Single(members.EnumerateArray());
    }

    [Fact]
    public async Task TeamKey_SecretShownOnceWorksOnV1_AndRevokedIsRefused()
    {
        var sales = await Host.CreateTeamAsync();
        var (_, owner) = await Host.AddUserAsync(sales, "owner");
        using var __ = owner;
        var (id, secret) = await owner.CreateKeyAsync($"/api/teams/{sales}/keys");
        using var withKey = Host.CreateClient(secret);

        using var served = await withKey.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);
        var listed = await owner.GetStringAsync($"/api/teams/{sales}/keys");
        using var revoked = await owner.DeleteAsync($"/api/teams/{sales}/keys/{id}");
        using var refused = await withKey.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Contains(sales.ToString(), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task DeleteTeam_RevokesItsKeys()
    {
        var sales = await Host.CreateTeamAsync();
        using var admin = Host.CreateAdminClient();
        var (_, secret) = await admin.CreateKeyAsync($"/api/teams/{sales}/keys");
        using var withKey = Host.CreateClient(secret);

        using var deleted = await admin.DeleteAsync($"/api/teams/{sales}");
        using var refused = await withKey.GetAsync("/v1/models");
        using var gone = await admin.GetAsync($"/api/teams/{sales}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task MyKeys_AreTheCallersOwn_AndATeamTheyAreNotInIsRefused()
    {
        var sales = await Host.CreateTeamAsync();
        var (annId, ann) = await Host.AddUserAsync(sales);
        using var __ = ann;
        using var bob = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("bob"));
        var (annKey, _) = await ann.CreateKeyAsync("/api/me/keys", new { name = "laptop", teamId = sales });

        using var notInTeam = await bob.PostAsJsonAsync("/api/me/keys", new { name = "sneaky", teamId = sales });
        using var othersKey = await bob.DeleteAsync($"/api/me/keys/{annKey}");
        var annKeys = await ann.GetFromJsonAsync<JsonElement>("/api/me/keys");
        var bobKeys = await bob.GetFromJsonAsync<JsonElement>("/api/me/keys");

        Assert.Equal(HttpStatusCode.BadRequest, notInTeam.StatusCode);
        Assert.Contains("teamId", (await ProblemBody.ReadAsync(notInTeam)).Errors.Keys);
        Assert.Equal(HttpStatusCode.NotFound, othersKey.StatusCode);
        var key = Assert.Single(annKeys.EnumerateArray());
        Assert.Equal((annId, sales), (key.GetProperty("ownerUserId").GetGuid(), key.GetProperty("teamId").GetGuid()));
        Assert.Empty(bobKeys.EnumerateArray());
    }

    [Fact]
    public async Task DeleteUser_RevokesTheirKeys()
    {
        var email = ChatUsers.NewEmail("leaver");
        var id = await Host.CreateUserAsync(email);
        using var leaver = Host.CreateClient(await Host.LoginAsync(email));
        var (_, secret) = await leaver.CreateKeyAsync("/api/me/keys");
        using var withKey = Host.CreateClient(secret);
        using var admin = Host.CreateAdminClient();

        using var deleted = await admin.DeleteAsync($"/api/admin/users/{id}");
        using var refused = await withKey.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AdminKeysApi_TakesAndShowsTheKeysOwnerAndTeam_AndRefusesAnUnknownTeam()
    {
        var sales = await Host.CreateTeamAsync();
        var owner = await Host.CreateUserAsync(ChatUsers.NewEmail("owner"));
        using var admin = Host.CreateAdminClient();

        using var created = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "owned", ownerUserId = owner, teamId = sales });
        using var unknown = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "orphan", teamId = Guid.NewGuid() });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((owner, sales), (body.GetProperty("ownerUserId").GetGuid(), body.GetProperty("teamId").GetGuid()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("teamId", (await ProblemBody.ReadAsync(unknown)).Errors.Keys);
    }

    [Fact]
    public async Task TeamLimits_SetByAnAdmin_HoldTheTeamsKeysAndNameTheLimitWhenRefused()
    {
        var sales = await Host.CreateTeamAsync();
        using var admin = Host.CreateAdminClient();
        var (_, first) = await admin.CreateKeyAsync($"/api/teams/{sales}/keys");
        var (_, second) = await admin.CreateKeyAsync($"/api/teams/{sales}/keys");
        using var set = await admin.PutAsJsonAsync($"/api/teams/{sales}/limits", new { requestsPerMinute = 1 });
        using var bad = await admin.PutAsJsonAsync($"/api/teams/{sales}/limits", new { requestsPerMinute = 0 });
        using var one = Host.CreateClient(first);
        using var two = Host.CreateClient(second);

        using var served = await one.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);
        using var refused = await two.PostAsJsonAsync("/v1/chat/completions", TeamScene.Chat);

        Assert.Equal(1, (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("limits").GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("team request limit", (await OpenAIErrorBody.ReadAsync(refused)).Message, StringComparison.Ordinal);
    }
}
