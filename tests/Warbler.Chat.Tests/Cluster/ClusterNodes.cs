using Warbler.Testing;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>
/// Two Warbler servers, A and B, on one database and one Redis, as behind a load balancer. Each
/// run has its own Redis key prefix, so runs can share a Redis.
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    private readonly bool _ownsRedis;
    private readonly Action<Dictionary<string, string?>> _settings;
    private readonly List<GatewayHost> _more = [];
    private GatewayHost? _a;

    private ClusterNodes(RedisServer redis, bool ownsRedis, TestDatabase database, string prefix, Action<Dictionary<string, string?>> settings, GatewayHost a, GatewayHost b)
    {
        Redis = redis;
        Prefix = prefix;
        _ownsRedis = ownsRedis;
        Database = database;
        _settings = settings;
        _a = a;
        B = b;
    }

    public RedisServer Redis { get; }

    /// <summary>The Redis key prefix of this run's nodes (their notices go to <c>{Prefix}:notices</c>).</summary>
    public string Prefix { get; }

    public GatewayHost A => _a ?? throw new InvalidOperationException("Node A was stopped.");

    public GatewayHost B { get; }

    /// <summary>The database every node shares.</summary>
    public TestDatabase Database { get; }

    /// <summary>
    /// Starts both nodes on a Redis of the test's own when <paramref name="redis"/> is null, and on a new
    /// database of the tests' engine unless <paramref name="database"/> names one (then released with the nodes).
    /// </summary>
    public static async Task<ClusterNodes> StartAsync(RedisServer? redis = null, Action<Dictionary<string, string?>>? configure = null, TestDatabase? database = null)
    {
        var ownsRedis = redis is null;
        redis ??= await RedisServer.StartAsync();
        database ??= TestDatabase.CreateNew();
        var prefix = "test-" + Guid.NewGuid().ToString("N")[..12];
        void Settings(Dictionary<string, string?> settings)
        {
            settings["Redis:Configuration"] = redis.EndPoint;
            settings["Redis:Prefix"] = prefix;
            configure?.Invoke(settings);
        }

        var configured = new Dictionary<string, string?>();
        Settings(configured);

        // One after the other: the first creates and migrates the database.
        var a = await GatewayHost.StartAsync(configure: Settings, database: database);
        var b = await GatewayHost.StartAsync(configure: Settings, database: database);
        return new ClusterNodes(redis, ownsRedis, database, configured["Redis:Prefix"]!, Settings, a, b);
    }

    /// <summary>Starts one more server of the same installation, as when one is added or restarted.</summary>
    public async Task<GatewayHost> StartAnotherAsync()
    {
        var node = await GatewayHost.StartAsync(configure: _settings, database: Database);
        _more.Add(node);
        return node;
    }

    /// <summary>
    /// Starts one more server on the same database whose Redis prefix is its own, so it hears none
    /// of the others' notices: a server that a notice has not reached yet.
    /// </summary>
    public async Task<GatewayHost> StartOneThatHearsNothingAsync()
    {
        var prefix = "deaf-" + Guid.NewGuid().ToString("N")[..12];
        var node = await GatewayHost.StartAsync(configure: settings => { _settings(settings); settings["Redis:Prefix"] = prefix; }, database: Database);
        _more.Add(node);
        return node;
    }

    /// <summary>Stops node A as an operator or a crash would take a server away: its connections close.</summary>
    public async Task StopAAsync()
    {
        var a = A;
        _a = null;
        await a.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        // The Redis server and the database go even when stopping a node fails.
        try
        {
            foreach (var node in (GatewayHost?[])[.. _more, B, _a])
            {
                if (node is not null)
                {
                    await node.DisposeAsync();
                }
            }
        }
        finally
        {
            if (_ownsRedis)
            {
                await Redis.DisposeAsync();
            }

            Database.Release();
        }
    }
}
