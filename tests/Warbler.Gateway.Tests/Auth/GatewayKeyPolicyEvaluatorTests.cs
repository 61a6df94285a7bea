using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warbler.Cluster;
using Warbler.Gateway.Auth;
using Warbler.Gateway.Keys;
using Warbler.Gateway.Observability;

namespace Warbler.Gateway.Tests.Auth;

/// <summary>
/// The "gateway key" policy's short way: a cached key is signed in as the scheme would sign it in;
/// whatever the short way does not take reaches the scheme, whose answer is the one users see.
/// </summary>
public sealed class GatewayKeyPolicyEvaluatorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;
    private readonly string _secret = KeySecret.Generate();
    private readonly CallerKey _key;

    public GatewayKeyPolicyEvaluatorTests()
    {
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(ClusterNotices.None)
            .AddMetrics()
            .AddSingleton<GatewayMetrics>()
            .AddSingleton<KeyCache>()
            .AddSingleton<IStoredKeyReader, StoredKeyReader>()
            .AddSingleton<RecentlyUnknownKeys>()
            .AddSingleton<KeyMissLookup>()
            .AddSingleton<KeyAuthenticator>();
        collection.AddGatewayAuthentication();
        _services = collection.BuildServiceProvider();
        _key = new CallerKey(Guid.NewGuid(), "mobile app", KeySecret.PrefixOf(_secret), false, new HashSet<string>(), _time.GetUtcNow().UtcDateTime.AddHours(1), KeyLimits.None);
        _services.GetRequiredService<KeyCache>().Add(KeyHash.Of(_secret), _key);
    }

    [Fact]
    public async Task GatewayKeyPolicy_CachedKey_SignsItInAndAuthorizes()
    {
        var (evaluator, policy, context) = await ArrangeAsync(GatewayPolicies.GatewayKey, $"Bearer {_secret}");

        var authenticated = await evaluator.AuthenticateAsync(policy, context);
        var authorized = await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null);

        Assert.True(authenticated.Succeeded);
        Assert.True(authorized.Succeeded);
        Assert.Same(_key, context.User.GetGatewayKey());
        Assert.Equal(GatewayAuthSchemes.GatewayKey, context.User.Identity!.AuthenticationType);
    }

    [Fact]
    public async Task GatewayKeyPolicy_ExpiredKey_IsChallengedWithTheSchemesWords()
    {
        var (evaluator, policy, context) = await ArrangeAsync(GatewayPolicies.GatewayKey, $"Bearer {_secret}");
        _time.Advance(TimeSpan.FromHours(2));

        var authenticated = await evaluator.AuthenticateAsync(policy, context);
        var authorized = await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null);
        await context.ChallengeAsync(GatewayAuthSchemes.GatewayKey);

        Assert.False(authenticated.Succeeded);
        Assert.True(authorized.Challenged);
        Assert.Null(context.User.FindGatewayKey());
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        Assert.Contains("expired", await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task AdminPolicy_GatewayKeyThatIsNotAdmin_IsForbiddenByTheGeneralPath()
    {
        var (evaluator, policy, context) = await ArrangeAsync(GatewayPolicies.AdminKey, $"Bearer {_secret}");

        var authenticated = await evaluator.AuthenticateAsync(policy, context);
        var authorized = await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null);

        Assert.True(authenticated.Succeeded);
        Assert.True(authorized.Forbidden);
    }

    public void Dispose() => _services.Dispose();

    private async Task<(IPolicyEvaluator Evaluator, AuthorizationPolicy Policy, HttpContext Context)> ArrangeAsync(string policyName, string authorization)
    {
        var scope = _services.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = authorization;
        context.Response.Body = new MemoryStream();
        var policy = await scope.ServiceProvider.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(policyName);
        return (scope.ServiceProvider.GetRequiredService<IPolicyEvaluator>(), policy!, context);
    }
}
