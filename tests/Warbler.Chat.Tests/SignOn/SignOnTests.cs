using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Data.Teams;
using Warbler.Testing;
using Warbler.Testing.SignOn;

namespace Warbler.Chat.Tests.SignOn;

/// <summary>Single sign-on against a real OpenID Connect provider (OpenIddict) run by the test.</summary>
public sealed class SignOnTests(SignOnFixture fixture) : IClassFixture<SignOnFixture>
{
    private const string Start = "/api/auth/sign-on/test";

    private OidcTestProvider Provider => fixture.Provider;

    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task SignOn_FirstSignIn_CreatesTheUserWithNameAndAvatarFromClaims()
    {
        var user = NewUser(name: "Ada Lovelace", picture: "https://images.example.com/ada.png");
        using var browser = fixture.NewBrowser();

        var landing = await browser.SignOnAsync($"{Start}?returnUrl=/rooms");

        Assert.Equal("/rooms", landing.PathAndQuery);
        var session = await SessionAsync(browser);
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        var shown = session.GetProperty("user");
        Assert.Equal("Ada Lovelace", shown.GetProperty("displayName").GetString());
        Assert.Equal("https://images.example.com/ada.png", shown.GetProperty("avatarUrl").GetString());
        Assert.Equal(user.Email, shown.GetProperty("email").GetString());
    }

    [Fact]
    public async Task SignOn_VerifiedEmailOfAPasswordUser_LinksToThatAccount()
    {
        var email = ChatUsers.NewEmail("linked");
        var id = await Host.CreateUserAsync(email);
        NewUser(email: email, verified: true);
        using var browser = fixture.NewBrowser();

        Assert.Equal("/", (await browser.SignOnAsync(Start)).PathAndQuery);

        var session = await SessionAsync(browser);
        Assert.Equal(id, session.GetProperty("user").GetProperty("id").GetGuid());
        Assert.Equal(1, await CountUsersAsync(email));
    }

    [Fact]
    public async Task SignOn_UnverifiedEmailOfAPasswordUser_IsRefusedWithoutLinkingOrCreating()
    {
        var email = ChatUsers.NewEmail("unverified");
        await Host.CreateUserAsync(email);
        NewUser(email: email, verified: false);
        using var browser = fixture.NewBrowser();

        var landing = await browser.SignOnAsync(Start);

        Assert.Equal("/?signOnError=email-taken", landing.PathAndQuery);
        Assert.False((await SessionAsync(browser)).GetProperty("signedIn").GetBoolean());
        Assert.Equal(1, await CountUsersAsync(email));
        Assert.Equal(0, await CountLoginsAsync(Provider.SignInAs!));
    }

    [Fact]
    public async Task SignOn_GroupsClaim_GivesAdminAndTeamsAndLosingItTakesThemAwayButNotHandGivenOnes()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var mapped = await fixture.CreateTeamAsync("Engineering");
        var sameName = await fixture.CreateTeamAsync("Research-" + suffix);
        var byHand = await fixture.CreateTeamAsync("Handpicked-" + suffix);
        var user = NewUser(groups: [SignOnFixture.AdminGroup, "eng", "research-" + suffix]);

        using (var browser = fixture.NewBrowser())
        {
            await browser.SignOnAsync(Start);
            var shown = (await SessionAsync(browser)).GetProperty("user");
            Assert.Contains("admin", shown.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            var userId = shown.GetProperty("id").GetGuid();
            Assert.Equal(new[] { mapped, sameName }.Order(), (await MembershipsAsync(userId)).Where(m => m.FromSignOn).Select(m => m.TeamId).Order());
            await AddMemberByHandAsync(byHand, userId);
        }

        Provider.AddUser(user with { Groups = [] });
        using (var browser = fixture.NewBrowser())
        {
            await browser.SignOnAsync(Start);
            var shown = (await SessionAsync(browser)).GetProperty("user");
            Assert.DoesNotContain("admin", shown.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            var memberships = await MembershipsAsync(shown.GetProperty("id").GetGuid());
            Assert.Equal([byHand], memberships.Select(m => m.TeamId));
        }
    }

    [Fact]
    public async Task SignOn_IdTokenFromAForeignIssuer_IsRefusedAndCreatesNobody()
    {
        await AssertRefusedAsync(payload => payload["iss"] = "http://127.0.0.1:9/foreign/", "SecurityTokenInvalidIssuerException");
    }

    [Fact]
    public async Task SignOn_IdTokenForAnotherAudience_IsRefusedAndCreatesNobody()
    {
        await AssertRefusedAsync(payload => payload["aud"] = "someone-else", "SecurityTokenInvalidAudienceException");
    }

    [Theory]
    [InlineData("forged")]
    [InlineData(null)]
    public async Task Callback_BadOrMissingState_IsRefusedAndCreatesNobody(string? state)
    {
        var user = NewUser();
        using var browser = fixture.NewBrowser();
        var callback = await browser.ToCallbackAsync(Start);
        var query = QueryHelpers.ParseQuery(callback.Query).Where(p => p.Key != "state").ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        if (state is not null)
        {
            query["state"] = state;
        }

        var (landing, _) = await browser.GoAsync(new Uri(QueryHelpers.AddQueryString(callback.GetLeftPart(UriPartial.Path), query)), browser.IsLanding);

        Assert.Equal("/?signOnError=failed", landing.PathAndQuery);
        Assert.False((await SessionAsync(browser)).GetProperty("signedIn").GetBoolean());
        Assert.Equal(0, await CountUsersAsync(user.Email!));
    }

    [Fact]
    public async Task Callback_SentTwice_RefusesTheReplayedCode()
    {
        var user = NewUser();
        using var browser = fixture.NewBrowser();
        var callback = await browser.ToCallbackAsync(Start);
        var cookies = browser.CookieHeaderFor(callback);
        var requestsBefore = Provider.TokenRequests;

        var (first, _) = await browser.GoAsync(callback, browser.IsLanding);
        using var replaying = fixture.NewBrowser();
        var (second, _) = await replaying.GoAsync(callback, replaying.IsLanding, cookies);

        Assert.Equal("/", first.PathAndQuery);
        Assert.Equal("/?signOnError=failed", second.PathAndQuery);
        Assert.Equal(requestsBefore + 2, Provider.TokenRequests);
        Assert.False((await SessionAsync(replaying)).GetProperty("signedIn").GetBoolean());
        Assert.Equal(1, await CountUsersAsync(user.Email!));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Start_ReturnUrlOfAnotherSite_Answers400(string returnUrl)
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.GetAsync($"{Start}?returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("returnUrl", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_ProviderUnreachable_ComesBackToTheSignInPageWithAMessage()
    {
        using var browser = fixture.NewBrowser();

        var landing = await browser.SignOnAsync("/api/auth/sign-on/down?returnUrl=/");
        var cli = await browser.SignOnAsync("/api/auth/sign-on/down/cli?port=45678&state=state-0123456789&challenge=" + new string('a', 43));

        Assert.Equal("/?signOnError=unavailable", landing.PathAndQuery);
        Assert.Equal("http://127.0.0.1:45678/callback?error=unavailable&state=state-0123456789", cli.ToString());
    }

    [Fact]
    public async Task Start_UnknownProvider_Answers404Problem()
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.GetAsync("/api/auth/sign-on/nobody");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Providers_ListsTheProviderAndThatSignUpIsOff()
    {
        using var client = Host.CreateClient(key: null);

        var answer = await client.GetFromJsonAsync<JsonElement>("/api/auth/providers");

        var providers = answer.GetProperty("providers").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("displayName").GetString()));
        Assert.Equal([("down", "down"), ("test", "Test IdP")], providers);
        Assert.False(answer.GetProperty("passwordSignUp").GetBoolean());
        Assert.True(answer.GetProperty("passwordSignIn").GetBoolean());
        Assert.DoesNotContain(SignOnFixture.ClientSecret, answer.GetRawText());
    }

    [Fact]
    public async Task Register_PasswordSignUpOff_Answers403Problem()
    {
        using var client = Host.CreateClient(key: null);

        using var response = await client.PostAsJsonAsync("/api/auth/register", new { email = ChatUsers.NewEmail(), password = ChatUsers.Password });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Auth:PasswordSignUp", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Token_CliCodeWithItsVerifier_GivesTokensOnce()
    {
        var user = NewUser(name: "Grace Hopper");
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var browser = fixture.NewBrowser();

        var loopback = await browser.SignOnAsync($"{Start}/cli?port=45678&state=state-0123456789&challenge={challenge}");

        Assert.Equal("127.0.0.1:45678", loopback.Authority);
        var query = QueryHelpers.ParseQuery(loopback.Query);
        Assert.Equal("state-0123456789", query["state"]);
        using var client = Host.CreateClient(key: null);
        using var wrong = await client.PostAsJsonAsync("/api/auth/sign-on/token", new { code = "not-a-code", verifier });
        using var exchanged = await client.PostAsJsonAsync("/api/auth/sign-on/token", new { code = query["code"].ToString(), verifier });
        using var again = await client.PostAsJsonAsync("/api/auth/sign-on/token", new { code = query["code"].ToString(), verifier });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var tokens = (await exchanged.Content.ReadFromJsonAsync<AccessTokens>())!;
        using var signedIn = Host.CreateClient(tokens);
        var me = await signedIn.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(user.Email, me.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Token_CliCodeWithAnotherVerifier_IsRefusedAndUsedUp()
    {
        NewUser();
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var browser = fixture.NewBrowser();
        var loopback = await browser.SignOnAsync($"{Start}/cli?port=45678&state=state-0123456789&challenge={challenge}");
        var code = QueryHelpers.ParseQuery(loopback.Query)["code"].ToString();
        using var client = Host.CreateClient(key: null);

        using var stolen = await client.PostAsJsonAsync("/api/auth/sign-on/token", new { code, verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)) });
        using var late = await client.PostAsJsonAsync("/api/auth/sign-on/token", new { code, verifier });

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    /// <summary>A sign-on whose ID token <paramref name="tamper"/> changes is refused, for the <paramref name="reason"/> logged.</summary>
    private async Task AssertRefusedAsync(Action<System.Text.Json.Nodes.JsonObject> tamper, string reason)
    {
        var user = NewUser();
        using var browser = fixture.NewBrowser();
        var callback = await browser.ToCallbackAsync(Start);
        Provider.TamperIdToken = tamper;
        try
        {
            var (landing, _) = await browser.GoAsync(callback, browser.IsLanding);

            Assert.Equal("/?signOnError=failed", landing.PathAndQuery);
        }
        finally
        {
            Provider.TamperIdToken = null;
        }

        Assert.False((await SessionAsync(browser)).GetProperty("signedIn").GetBoolean());
        Assert.Equal(0, await CountUsersAsync(user.Email!));
        Assert.Contains(fixture.Log.Lines, line => line.Contains("Single sign-on with test failed", StringComparison.Ordinal) && line.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Log.Lines, line => line.Contains(SignOnFixture.ClientSecret, StringComparison.Ordinal));
    }

    private OidcTestUser NewUser(string? email = null, bool verified = true, string? name = null, string? picture = null, IReadOnlyList<string>? groups = null)
    {
        var user = new OidcTestUser("sub-" + Guid.NewGuid().ToString("N"), email ?? ChatUsers.NewEmail("sso"), verified, name, picture, groups);
        Provider.AddUser(user);
        Provider.SignInAs = user.Subject;
        return user;
    }

    private static async Task<JsonElement> SessionAsync(SignOnBrowser browser)
    {
        using var response = await browser.GetAsync(new Uri(browser.Warbler, "/api/auth/session"));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<int> CountUsersAsync(string email)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var normalized = email.ToUpperInvariant();
        return await scope.ServiceProvider.GetRequiredService<WarblerDbContext>().Users.CountAsync(u => u.NormalizedEmail == normalized);
    }

    private async Task<int> CountLoginsAsync(string subject)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WarblerDbContext>().UserLogins.CountAsync(l => l.ProviderKey == subject);
    }

    private async Task<List<TeamMember>> MembershipsAsync(Guid userId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WarblerDbContext>().TeamMembers.Where(m => m.UserId == userId).ToListAsync();
    }

    private async Task AddMemberByHandAsync(Guid teamId, Guid userId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        db.TeamMembers.Add(new TeamMember { TeamId = teamId, UserId = userId, Role = TeamRole.Member, JoinedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
}
