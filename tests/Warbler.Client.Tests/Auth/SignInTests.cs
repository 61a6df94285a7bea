using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Client.Errors;
using Warbler.Testing;
using AccessTokens = Warbler.Contracts.Auth.AccessTokens;

namespace Warbler.Client.Tests.Auth;

public sealed class SignInTests(ClientHostFixture fixture) : IClassFixture<ClientHostFixture>
{
    private readonly GatewayHost _host = fixture.Host;

    [Fact]
    public async Task RegisterThenSignIn_GivesTokens_AndTheUserIsTheOneRegistered()
    {
        using var client = new WarblerClient(_host.BaseAddress);
        var email = ChatUsers.NewEmail("ann");
        var changes = new List<AccessTokens?>();
        client.TokensChanged += changes.Add;

        await client.RegisterAsync(email, ChatUsers.Password);
        var tokens = await client.SignInAsync(email, ChatUsers.Password);
        var me = await client.GetMeAsync();

        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(3600, tokens.ExpiresIn);
        Assert.NotNull(tokens.ExpiresAt);
        Assert.Equal(tokens, client.Tokens);
        Assert.Equal([tokens], changes);
        Assert.Equal(email, me.Email);
        Assert.Equal(["user"], me.Roles);
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_ThrowsWarblerApiExceptionWith401()
    {
        using var person = await _host.SignUpAsync("ann");
        using var client = new WarblerClient(_host.BaseAddress);

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => client.SignInAsync(person.Email, "not the password"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(client.IsSignedIn);
    }

    [Fact]
    public async Task Register_WithAShortPassword_NamesTheProblemInErrors()
    {
        using var client = new WarblerClient(_host.BaseAddress);

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => client.RegisterAsync(ChatUsers.NewEmail(), "short"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("PasswordTooShort", refused.Errors.Keys);
        Assert.Contains("at least 8 characters", refused.Message);
    }

    [Fact]
    public async Task ACall_WithoutSigningIn_SaysToSignInFirst()
    {
        using var client = new WarblerClient(_host.BaseAddress);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetMeAsync());

        Assert.Contains("Sign in first", refused.Message);
    }

    [Fact]
    public async Task ACall_WhoseAccessTokenIsRefused_RenewsTheTokensOnceAndSucceeds()
    {
        using var person = await _host.SignUpAsync("ann");
        var signedIn = person.Client.Tokens!;
        using var client = new WarblerClient(_host.BaseAddress);
        client.UseTokens(signedIn with { AccessToken = "not-a-valid-token", ExpiresAt = null });
        var changes = new List<AccessTokens?>();
        client.TokensChanged += changes.Add;

        var me = await client.GetMeAsync();

        Assert.Equal(person.Id, me.Id);
        var renewed = Assert.Single(changes);
        Assert.NotEqual("not-a-valid-token", renewed!.AccessToken);
        Assert.Equal(renewed, client.Tokens);
    }

    [Fact]
    public async Task ACall_AfterTheAccessTokenExpired_RenewsItFirst()
    {
        using var person = await _host.SignUpAsync("ann");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient { BaseAddress = _host.BaseAddress };
        using var client = new WarblerClient(http, clock);
        var first = await client.SignInAsync(person.Email, ChatUsers.Password);

        clock.Advance(TimeSpan.FromSeconds(first.ExpiresIn));
        var token = await client.GetAccessTokenAsync();
        var me = await client.GetMeAsync();

        Assert.NotEqual(first.AccessToken, token);
        Assert.Equal(client.Tokens!.AccessToken, token);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), client.Tokens.ExpiresAt);
        Assert.Equal(person.Id, me.Id);
    }

    [Fact]
    public async Task RefreshTokens_WithARefreshTokenThatIsNotValid_Throws401()
    {
        using var person = await _host.SignUpAsync("ann");
        using var client = new WarblerClient(_host.BaseAddress);
        client.UseTokens(person.Client.Tokens! with { RefreshToken = "not-a-refresh-token" });

        var refused = await Assert.ThrowsAsync<WarblerApiException>(() => client.RefreshTokensAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task TheClient_FromIHttpClientFactory_CallsTheServerAtTheConfiguredAddress()
    {
        using var person = await _host.SignUpAsync("ann");
        var services = new ServiceCollection();
        services.AddHttpClient<WarblerClient>(http => http.BaseAddress = _host.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<WarblerClient>();
        await client.SignInAsync(person.Email, ChatUsers.Password);
        var me = await client.GetMeAsync();

        Assert.Equal(person.Id, me.Id);
    }

    [Fact]
    public async Task SearchUsers_ByWholeEmail_FindsThem_AndSetDisplayNameChangesTheName()
    {
        using var ann = await _host.SignUpAsync("ann");
        using var bob = await _host.SignUpAsync("bob");

        var renamed = await bob.Client.SetDisplayNameAsync("Bob Builder");
        var found = await ann.Client.SearchUsersAsync(bob.Email);

        Assert.Equal("Bob Builder", renamed.DisplayName);
        Assert.Equal([(bob.Id, "Bob Builder")], found.Select(u => (u.Id, u.DisplayName)));
    }

    [Fact]
    public async Task SignIn_TooOften_Throws429WithRetryAfter()
    {
        await using var host = await GatewayHost.StartAsync(configure: settings => settings["Chat:Auth:LoginAttemptsPerMinute"] = "2", kestrel: true);
        using var client = new WarblerClient(host.BaseAddress);
        var email = ChatUsers.NewEmail();

        await Assert.ThrowsAsync<WarblerApiException>(() => client.SignInAsync(email, ChatUsers.Password));
        await Assert.ThrowsAsync<WarblerApiException>(() => client.SignInAsync(email, ChatUsers.Password));
        var limited = await Assert.ThrowsAsync<WarblerApiException>(() => client.SignInAsync(email, ChatUsers.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.RetryAfter);
        Assert.InRange(limited.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("Too many sign-in requests", limited.Detail);
    }
}
