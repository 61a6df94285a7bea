using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.FakeUpstream;
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

    [OtherServersFact]
    public async Task CreateResponse_WithOtherServers_TheClientsNextRequestOnAnotherServerFindsIt()
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
            var (key, _) = await first.NewKeyAsync();
            first.Upstream.Enqueue(UpstreamScript.Answer("Hello, Ada."), UpstreamScript.Answer("Streamed hello."));
            second.Upstream.Enqueue(UpstreamScript.Answer("Your name is Ada."));
            using var firstClient = first.CreateClient(key);
            using var secondClient = second.CreateClient(key);

            // Whole: saved before the body is written. Streamed: before response.completed is.
            using var whole = await firstClient.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = "gpt-4o-mini", ["input"] = "My name is Ada." }));
            var wholeId = JsonDocument.Parse(await whole.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            using var continued = await secondClient.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = "gpt-4o-mini", ["input"] = "What is my name?", ["previous_response_id"] = wholeId }));
            using var streamed = await firstClient.PostAsync("/v1/responses", Json(new JsonObject { ["model"] = "gpt-4o-mini", ["input"] = "Stream.", ["stream"] = true }));
            var streamedId = ResponsesEventStream.Parse(await streamed.Content.ReadAsStringAsync()).Last("response.completed").GetProperty("response").GetProperty("id").GetString();
            using var read = await secondClient.GetAsync($"/v1/responses/{streamedId}");

            Assert.Equal(HttpStatusCode.OK, continued.StatusCode);
            Assert.Contains("Hello, Ada.", Assert.Single(second.Upstream.Requests).Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        finally
        {
            database.Release();
        }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>Needs redis-server: skipped with a message when it is missing outside CI.</summary>
    private sealed class OtherServersFactAttribute : FactAttribute
    {
        public OtherServersFactAttribute() => Skip = RedisServer.SkipReason();
    }
}
