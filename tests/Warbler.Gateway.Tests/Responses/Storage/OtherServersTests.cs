using System.Net;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Responses.Storage;

/// <summary>
/// Several servers on one database (Redis configured): the client's next request may reach another
/// server, which must find a response the first has only just answered with.
/// </summary>
public sealed class OtherServersTests
{
    [OtherServersFact]
    public async Task SaveAsync_WithOtherServers_IsInTheDatabaseOnceItCompletes()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = TestDatabase.CreateNew();
        try
        {
            var prefix = "test-" + Guid.NewGuid().ToString("N")[..12];
            void Settings(Dictionary<string, string?> settings)
            {
                settings["Redis:Configuration"] = redis.EndPoint;
                settings["Redis:Prefix"] = prefix;
            }

            await using var first = await GatewayHost.StartAsync(configure: Settings, database: database);
            await using var second = await GatewayHost.StartAsync(configure: Settings, database: database);
            var (key, keyId) = await first.NewKeyAsync();
            var stored = StoredResponseSamples.Answer(keyId, "Which server?", "Either.");

            await first.Store().SaveAsync(stored, CancellationToken.None);

            Assert.Equal(1, await first.RowsAsync(stored.Id));
            using var client = second.CreateClient(key);
            using var response = await client.GetAsync($"/v1/responses/{stored.Id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            database.Release();
        }
    }

    /// <summary>Needs redis-server: skipped with a message when it is missing outside CI.</summary>
    private sealed class OtherServersFactAttribute : FactAttribute
    {
        public OtherServersFactAttribute() => Skip = RedisServer.SkipReason();
    }
}
