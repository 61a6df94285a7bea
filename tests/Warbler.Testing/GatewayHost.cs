using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warbler.FakeUpstream;

namespace Warbler.Testing;

/// <summary>
/// Warbler itself (the real server, on a fresh database: a SQLite file, or a PostgreSQL database
/// when the tests run on PostgreSQL; see <see cref="TestDatabase"/>) in front of fake upstreams on
/// loopback. Tests configure it with plain settings, as an operator would.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "wk-test-admin-key-0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDatabase;
    private readonly LogCapture? _logger;
    private readonly Action<IServiceCollection>? _services;

    private GatewayHost(Dictionary<string, string?> settings, TestDatabase database, bool ownsDatabase, LogCapture? logger, Action<IServiceCollection>? services)
    {
        _settings = settings;
        Database = database;
        _ownsDatabase = ownsDatabase;
        _logger = logger;
        _services = services;
    }

    /// <summary>
    /// The name of a fresh database (a SQLite file path, or a PostgreSQL database name); pass it to
    /// <see cref="StartAsync"/> to start several hosts on one database, and delete it with <see cref="DeleteDatabase"/>.
    /// </summary>
    public static string NewDatabasePath() => TestDatabase.CreateNew().Name;

    public static void DeleteDatabase(string databasePath) => TestDatabase.Named(databasePath).Release();

    /// <summary>The database this host runs on, for tests that look at what is stored.</summary>
    public TestDatabase Database { get; }

    /// <summary>The fake upstreams, by provider name.</summary>
    public Dictionary<string, FakeUpstreamServer> Upstreams { get; } = [];

    public FakeUpstreamServer Upstream => Upstreams.Values.First();

    /// <summary>Where the server listens: a loopback port when started with Kestrel, the in-memory test server otherwise.</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>
    /// Starts one fake upstream per provider name, each a provider serving every model, with
    /// fast retries; <paramref name="configure"/> adds or overrides settings. Given a
    /// <paramref name="databasePath"/> (from <see cref="NewDatabasePath"/>), the host uses that database and leaves it when disposed;
    /// a <paramref name="database"/> the test made itself (such as a PostgreSQL one whatever the engine of the others) is likewise left to the test;
    /// <paramref name="logger"/> receives every log message, at every level; <paramref name="services"/>
    /// replaces services, such as the <see cref="TimeProvider"/>. With <paramref name="kestrel"/>, the
    /// server listens on a free loopback port (see <see cref="BaseAddress"/>), for clients that need real
    /// sockets, such as other processes; <see cref="WebApplicationFactory{TEntryPoint}.Server"/> is then unavailable.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        string[]? providers = null, Action<Dictionary<string, string?>>? configure = null, string? databasePath = null, LogCapture? logger = null,
        Action<IServiceCollection>? services = null, bool kestrel = false, TestDatabase? database = null)
    {
        var ownsDatabase = databasePath is null && database is null;
        database ??= databasePath is null ? TestDatabase.CreateNew() : TestDatabase.Named(databasePath);
        var settings = new Dictionary<string, string?>
        {
            ["WARBLER_ADMIN_KEY"] = AdminKey,
            ["Gateway:Retry:BaseDelay"] = "00:00:00.010",
            ["Gateway:Retry:MaxDelay"] = "00:00:02",
            ["Demo:ChunkDelay"] = "00:00:00",
            ["Usage:FlushInterval"] = "00:00:00.010",

            // Tests sign in often from one address; the test of the limit sets its own.
            ["Chat:Auth:LoginAttemptsPerMinute"] = "10000",

            // Never the server's default address (5080, where a Warbler of the user's may be serving):
            // a server made from this one with WithWebHostBuilder and given Kestrel takes its address
            // from here, because WebApplicationFactory applies UseKestrel's port only to the factory it
            // was called on. Port 0: the system picks a free port, read back from BaseAddress.
            ["urls"] = "http://127.0.0.1:0",
        };

        var upstreams = new Dictionary<string, FakeUpstreamServer>();
        var priority = 0;
        foreach (var name in providers ?? ["primary"])
        {
            var upstream = await FakeUpstreamServer.StartAsync();
            upstreams[name] = upstream;
            settings[$"Providers:{name}:BaseUrl"] = upstream.BaseUrl;
            settings[$"Providers:{name}:ApiKey"] = $"sk-upstream-{name}-secret";
            settings[$"Providers:{name}:Priority"] = (priority++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        database.ApplyTo(settings);
        configure?.Invoke(settings);
        var host = new GatewayHost(settings, database, ownsDatabase, logger, services);
        foreach (var (name, upstream) in upstreams)
        {
            host.Upstreams[name] = upstream;
        }

        // Start now, so a configuration error fails here, leaving no upstream or database behind.
        try
        {
            if (kestrel)
            {
                host.UseKestrel(0);
                host.StartServer();
            }
            else
            {
                _ = host.Server;
            }
        }
        catch
        {
            // The factory cannot stop a host that never started; what the host made is released here.
            await host.ReleaseAsync();
            throw;
        }

        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        if (_logger is { } logger)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(logger).AddFilter<LogCapture>(null, LogLevel.Trace));
        }

        if (_services is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>
    /// Another server with this host's settings, database and fake upstreams (and
    /// <paramref name="configure"/>'s changes), started now on a free loopback port
    /// (its <c>ClientOptions.BaseAddress</c>), for clients that need real sockets. The caller disposes it.
    /// </summary>
    public WebApplicationFactory<Program> StartOnLoopback(Action<IWebHostBuilder>? configure = null)
    {
        var server = WithWebHostBuilder(builder =>
        {
            builder.UseSetting("urls", "http://127.0.0.1:0");
            configure?.Invoke(builder);
        });
        server.UseKestrel(0);
        server.StartServer();
        return server;
    }

    /// <summary>A client that sends <paramref name="key"/> as a bearer token (the admin key by default).</summary>
    public HttpClient CreateClient(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(AdminKey);

    /// <summary>
    /// Creates a gateway key through the admin API and returns its secret; <paramref name="limits"/>
    /// adds fields such as <c>new { requestsPerMinute = 5 }</c> to the request.
    /// </summary>
    public async Task<string> CreateKeyAsync(string name = "test key", string[]? models = null, DateTimeOffset? expiresAt = null, object? limits = null) =>
        (await CreateKeyWithIdAsync(name, models, expiresAt, limits)).Key;

    /// <summary>
    /// As <see cref="CreateKeyAsync"/>, with the key's id too: on a shared host a test reads back
    /// only the usage records of its own key.
    /// </summary>
    public async Task<(string Key, Guid Id)> CreateKeyWithIdAsync(string name = "test key", string[]? models = null, DateTimeOffset? expiresAt = null, object? limits = null)
    {
        using var admin = CreateAdminClient();
        var body = limits is null ? [] : System.Text.Json.JsonSerializer.SerializeToNode(limits)!.AsObject();
        body["name"] = name;
        body["models"] = System.Text.Json.JsonSerializer.SerializeToNode(models);
        body["expiresAt"] = expiresAt;
        var response = await admin.PostAsJsonAsync("/api/admin/keys", body);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<CreatedKey>();
        return (created!.Key, created.Id);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await ReleaseAsync();
    }

    private async Task ReleaseAsync()
    {
        foreach (var upstream in Upstreams.Values)
        {
            await upstream.DisposeAsync();
        }

        if (_ownsDatabase)
        {
            Database.Release();
        }
        else
        {
            Database.ReleaseConnections();
        }
    }

    private sealed record CreatedKey(Guid Id, string Key, string Prefix);
}
