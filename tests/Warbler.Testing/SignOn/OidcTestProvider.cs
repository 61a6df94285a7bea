using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Warbler.Testing.SignOn;

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on a loopback port, for single sign-on tests: the
/// authorization code flow with PKCE, single-use codes, ID tokens signed with a key the test knows.
/// Its login needs no page: it signs in <see cref="SignInAs"/> at once. A test can also have the
/// token endpoint hand out a doctored ID token (<see cref="TamperIdToken"/>), signed with the
/// provider's own key, to check that Warbler refuses a foreign issuer or audience.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    public const string GroupsScope = "groups";

    private readonly WebApplication _app;
    private readonly SqliteConnection _database;
    private readonly RsaSecurityKey _signingKey;
    private readonly ConcurrentDictionary<string, OidcTestUser> _users = new(StringComparer.Ordinal);

    private OidcTestProvider(WebApplication app, SqliteConnection database, RsaSecurityKey signingKey)
    {
        _app = app;
        _database = database;
        _signingKey = signingKey;
    }

    /// <summary>The issuer, such as <c>http://127.0.0.1:40123/</c>: Warbler's <c>Authority</c>.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>The subject the next authorization request signs in, without asking anything.</summary>
    public string? SignInAs { get; set; }

    /// <summary>When set, changes the payload of the ID tokens the token endpoint answers (re-signed with the provider's key).</summary>
    public Action<JsonObject>? TamperIdToken { get; set; }

    /// <summary>How many codes the token endpoint has exchanged (or refused).</summary>
    public int TokenRequests => _tokenRequests;

    private int _tokenRequests;

    public static async Task<OidcTestProvider> StartAsync()
    {
        var database = new SqliteConnection("Data Source=:memory:");
        await database.OpenAsync();
        var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-" + Guid.NewGuid().ToString("N")[..8] };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<OidcTestDbContext>(options => options.UseSqlite(database).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<OidcTestDbContext>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, GroupsScope);
                options.AddSigningKey(signingKey);
                options.AddEphemeralEncryptionKey();
                options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });

        var app = builder.Build();
        var provider = new OidcTestProvider(app, database, signingKey);
        app.Use(provider.TamperAsync);

        // Said here, so the token endpoint (an authentication handler of OpenIddict's) runs after TamperAsync.
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)provider.Authorize);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OidcTestDbContext>().Database.EnsureCreatedAsync();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = address.TrimEnd('/') + "/";
        return provider;
    }

    /// <summary>Registers a confidential client that may send people back to <paramref name="redirectUris"/>.</summary>
    public async Task AddClientAsync(string clientId, string clientSecret, params string[] redirectUris)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = clientSecret,
            ClientType = ClientTypes.Confidential,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Prefixes.Scope + GroupsScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri));
        }

        await applications.CreateAsync(descriptor);
    }

    public void AddUser(OidcTestUser user) => _users[user.Subject] = user;

    private async Task<IResult> Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (SignInAs is not { } subject || !_users.TryGetValue(subject, out var user))
        {
            return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        if (user.Email is not null)
        {
            identity.AddClaim(new Claim(Claims.Email, user.Email));
            identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        }

        if (user.Name is not null)
        {
            identity.AddClaim(new Claim(Claims.Name, user.Name));
        }

        if (user.Picture is not null)
        {
            identity.AddClaim(new Claim(Claims.Picture, user.Picture));
        }

        foreach (var group in user.Groups ?? [])
        {
            identity.AddClaim(new Claim("groups", group));
        }

        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
        await Task.CompletedTask;
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Counts token requests and, when asked, swaps the answered ID token for a doctored one.</summary>
    private async Task TamperAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/connect/token"))
        {
            await next(context);
            return;
        }

        Interlocked.Increment(ref _tokenRequests);
        if (TamperIdToken is not { } tamper)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = original;
        var answer = JsonNode.Parse(buffer.ToArray())!.AsObject();
        if (answer["id_token"]?.GetValue<string>() is { } idToken)
        {
            var payload = JsonNode.Parse(Base64UrlEncoder.Decode(idToken.Split('.')[1]))!.AsObject();
            tamper(payload);
            answer["id_token"] = new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256));
        }

        var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
