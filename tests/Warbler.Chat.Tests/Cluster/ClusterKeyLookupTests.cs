using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Gateway.Keys;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Cluster;

/// <summary>
/// Servers sharing PostgreSQL and Redis, as they are deployed: a key created on A works on B at
/// once, however many of its first requests arrive together (B looks it up once for all of them),
/// and a flood of made-up keys puts no more lookups on the database than the bound.
/// </summary>
public sealed class ClusterKeyLookupTests
{
    private const int Bursts = 20;
    private const int BurstSize = 20;
    private const int Flood = 500;
    private const string LookupsMetric = "warbler.gateway.key_lookups";
    internal const string ReloadsMetric = "warbler.gateway.key_reloads";

    private static readonly object Chat = new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Hi" } } };

    [RedisAndPostgresFact]
    public async Task KeysCreatedOnA_BurstsOfFirstRequestsOnOtherNodes_NoneRefused_AndEachKeyLookedUpOnce()
    {
        await using var nodes = await ClusterNodes.StartAsync(database: NewPostgresDatabase());
        // B hears A's notices, which may come before or during a burst; the other hears none, so each of its bursts needs the lookup.
        var late = await nodes.StartOneThatHearsNothingAsync();
        using var onB = Lookups(nodes.B);
        using var onLate = Lookups(late);
        using var reloadsOnLate = new CounterTotals(late.Services.GetRequiredService<IMeterFactory>(), ReloadsMetric);
        using var admin = nodes.A.CreateAdminClient();

        var refused = new List<string>();
        for (var burst = 0; burst < Bursts; burst++)
        {
            var secret = await CreateKeyAsync(admin, $"burst {burst}");
            using var clientOnB = nodes.B.CreateClient(secret);
            using var clientOnLate = late.CreateClient(secret);
            var answers = await BurstAsync([clientOnB, clientOnLate]);
            refused.AddRange(answers.Where(a => a.Status != HttpStatusCode.OK).Select(a => $"burst {burst}: {(int)a.Status} {a.Body}"));
        }

        Assert.True(refused.Count == 0, $"{refused.Count} of {Bursts * BurstSize * 2} first requests were refused; the first ones:\n{string.Join("\n", refused.Take(5))}");
        // One lookup a burst. When the node's Redis connection comes back (a busy machine can drop it),
        // it reads every key again, and a key being looked up meanwhile is looked up again rather than
        // trusted, as a revocation might have landed: at most two more for each such reload.
        var reloads = reloadsOnLate.Total;
        Assert.InRange(onLate[KeyLookupOutcomes.Found], Bursts, Bursts + 2 * reloads);
        Assert.InRange(onB[KeyLookupOutcomes.Found], 0, Bursts);
        foreach (var lookups in (CounterTotals[])[onB, onLate])
        {
            Assert.Equal((0, 0, 0), (lookups[KeyLookupOutcomes.Unknown], lookups[KeyLookupOutcomes.Failed], lookups[KeyLookupOutcomes.Busy]));
        }
    }

    [RedisAndPostgresFact]
    public async Task FloodOfMadeUpKeysOnB_AllRefusedWith401_WithNoMoreDatabaseLookupsThanTheBound()
    {
        const int Bound = KeyMissLookup.MaxRunning + KeyMissLookup.MaxWaiting;
        await using var nodes = await ClusterNodes.StartAsync(database: NewPostgresDatabase());
        var (_, known) = await ClusterGatewayTests.CreateKeyAsync(nodes, new { });
        using var lookups = Lookups(nodes.B);
        using var flooding = nodes.B.CreateClient();

        // The keys' table locked, as a database slow under the flood would be: the lookups that get
        // in wait until it is released, and the others are refused meanwhile.
        await using var lockHolder = nodes.Database.CreateConnection();
        await lockHolder.OpenAsync();
        await using var locking = await lockHolder.BeginTransactionAsync();
        await using (var command = lockHolder.CreateCommand())
        {
            command.Transaction = locking;
            command.CommandText = "LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE";
            await command.ExecuteNonQueryAsync();
        }

        var flood = Enumerable.Range(0, Flood).Select(_ => GetModelsAsync(flooding, KeySecret.Generate())).ToList();
        await Eventually.UntilAsync(() => Task.FromResult(flood.Count(f => f.IsCompleted) >= Flood - Bound),
            because: () => $"{Flood - Bound} of the flood's requests refused while the lookups wait ({flood.Count(f => f.IsCompleted)} answered)");
        var answeredWhileLocked = flood.Count(f => f.IsCompleted);
        var busyWhileLocked = lookups[KeyLookupOutcomes.Busy];
        using var knownClient = nodes.B.CreateClient(known);
        var (knownStatus, _) = await GetModelsAsync(knownClient, null);
        await locking.CommitAsync();
        var answers = await Task.WhenAll(flood);

        Assert.Equal(HttpStatusCode.OK, knownStatus);
        Assert.Equal(Flood - Bound, answeredWhileLocked);
        Assert.Equal(Flood - Bound, busyWhileLocked);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.Status));
        Assert.All(answers, a => Assert.Contains("The key is unknown or has been revoked.", a.Body, StringComparison.Ordinal));
        var databaseLookups = lookups[KeyLookupOutcomes.Found] + lookups[KeyLookupOutcomes.Unknown] + lookups[KeyLookupOutcomes.Failed];
        Assert.Equal(Bound, databaseLookups);
        Assert.Equal(Bound, lookups[KeyLookupOutcomes.Unknown]);
        Assert.Equal(Flood - Bound, lookups[KeyLookupOutcomes.Busy]);
    }

    /// <summary>A database on the server of <c>WARBLER_TEST_POSTGRES</c>, whatever engine the other tests run on; in CI, where the test is not skipped without it, a clear failure.</summary>
    private static PostgresTestDatabase NewPostgresDatabase()
    {
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresServerVariable)),
            $"{TestDatabase.PostgresServerVariable} must name a PostgreSQL server: these servers share PostgreSQL, as deployed servers do.");
        return PostgresTestDatabase.CopyOfMigrated();
    }

    private static CounterTotals Lookups(GatewayHost node) =>
        new(node.Services.GetRequiredService<IMeterFactory>(), LookupsMetric, "outcome");

    private static async Task<string> CreateKeyAsync(HttpClient admin, string name)
    {
        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Sends <see cref="BurstSize"/> chat requests through each client, all released at once.</summary>
    private static async Task<(HttpStatusCode Status, string Body)[]> BurstAsync(HttpClient[] clients)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = clients.SelectMany(client => Enumerable.Range(0, BurstSize).Select(async _ =>
        {
            await go.Task;
            using var response = await client.PostAsJsonAsync("/v1/chat/completions", Chat);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToList();
        go.SetResult();
        return await Task.WhenAll(requests);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetModelsAsync(HttpClient client, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
