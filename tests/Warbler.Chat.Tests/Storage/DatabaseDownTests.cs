using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Gateway.Usage;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// The database server gone (crashed, or its network cut), not merely locked (see
/// <see cref="DatabaseLockedTests"/>): PostgreSQL behind a relay that the test cuts and restores.
/// While it is down, sends fail quickly and cleanly (503 with <c>Retry-After</c>; an error on a hub
/// connection that stays open), <c>/readyz</c> says so, the gateway serves from its caches with the
/// usage records waiting, and a bot reply that ends meanwhile waits to be stored. Once it is back,
/// without a restart, everything recovers by itself, with nothing lost or stored twice. And a
/// server that ends every session (a restart, an administrator) costs at most a 503 to retry.
/// These tests need a PostgreSQL server whatever engine the others run on.
/// </summary>
public sealed class DatabaseDownTests
{
    /// <summary>Warbler gives up on a connection or a command after 2 s, so failures come quickly.</summary>
    private const string ShortTimeouts = ";Timeout=2;Command Timeout=2";

    /// <summary>What a person waits at most for a refusal: the timeouts above, with room for a loaded machine.</summary>
    private static readonly TimeSpan QuickRefusal = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task WhileDown_SendsFailCleanlyAndTheGatewayServes_OnceBack_EverythingRecoversWithNothingLostOrDoubled()
    {
        var database = NewPostgresDatabase();
        try
        {
            await using var relay = new LoopbackProxy(database.ServerHost, database.ServerPort);
            await GoDownAndComeBackAsync(database, relay);
        }
        finally
        {
            database.Release();
        }
    }

    [PostgresFact]
    public async Task AfterTheDatabaseServerEndsEverySession_SendsAreStoredOrRefusedWith503_AndARetryIsStoredOnce()
    {
        var database = NewPostgresDatabase();
        try
        {
            await using var host = await GatewayHost.StartAsync(database: database, configure: s => s["ConnectionStrings:Warbler"] = database.ConnectionString + ShortTimeouts);
            using var ann = await ChatMember.SignUpAsync(host, "ann");
            var room = await ann.Http.CreateRoomAsync("group", title: "Restarted");
            await ann.Http.SendAsync(room, "Before", "before");

            // As when the server restarts, or an administrator ends the sessions: Warbler's pooled connections get 57P01.
            var ended = await database.QueryAsync(
                $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}' AND pid <> pg_backend_pid()", r => r.GetBoolean(0));
            Assert.NotEmpty(ended);

            var statuses = new List<HttpStatusCode>();
            await Eventually.UntilAsync(
                async () =>
                {
                    using var response = await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "After", clientMessageId = "after" });
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Assert.NotNull(response.Headers.RetryAfter);
                        Assert.Equal("The database is busy or unavailable.", (await ProblemBody.ReadAsync(response)).Title);
                    }

                    return response.StatusCode == HttpStatusCode.Created;
                },
                () => $"a send to be stored; answered {string.Join(", ", statuses)}",
                Patience);

            Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"Answered {string.Join(", ", statuses)}"));
            var sent = await database.QueryAsync($"SELECT \"ClientMessageId\" FROM messages WHERE \"RoomId\" = '{room}' ORDER BY \"Id\"", r => r.GetString(0));
            Assert.Equal(["before", "after"], sent);
        }
        finally
        {
            database.Release();
        }
    }

    private static async Task GoDownAndComeBackAsync(PostgresTestDatabase database, LoopbackProxy relay)
    {
        var log = new LogCapture();
        await using var host = await GatewayHost.StartAsync(database: database, logger: log,
            configure: s => s["ConnectionStrings:Warbler"] = database.ConnectionStringThrough("127.0.0.1", relay.Port) + ShortTimeouts);
        var handle = RoomsClient.NewHandle();
        await host.CreateBotAsync(handle);
        using var ann = await ChatMember.SignUpAsync(host, "ann");
        var room = await ann.Http.CreateRoomAsync("group", bots: [handle], title: "Down and back");
        await using var hub = await ann.ConnectAsync();
        using var gateway = host.CreateClient(await host.CreateKeyAsync());
        using var probe = host.CreateClient();

        // Before: messages sent and acknowledged, a gateway request served, and a long bot reply begun.
        await ann.Http.SendAsync(room, "Before, one", "before-1");
        await ann.Http.SendAsync(room, "Before, two", "before-2");
        await SendOverHubAsync(hub, room, "Before, over the hub", "before-hub");
        await AssertServedAsync(gateway);
        await WaitForUsageAsync(database, gatewayRecords: 1, botRecords: 0);
        // Long enough (4 s) that the database goes down while it is being written, however slow the machine.
        var words = string.Concat(Enumerable.Range(1, 40).Select(i => $"w{i} "));
        host.Upstream.Enqueue(UpstreamScript.Answer(words) with { Chunks = 40, ChunkDelay = TimeSpan.FromMilliseconds(100) });
        var ask = await ann.Http.SendAsync(room, $"@{handle} count to forty", "ask-bot");
        var replyId = (await hub.WaitForAsync("messageCreated", e => e.Message.GetProperty("replyTo").ValueKind == JsonValueKind.Number
            && e.Message.GetProperty("replyTo").GetInt64() == ask.GetProperty("id").GetInt64())).MessageId;
        await hub.WaitForAsync("messageDelta", e => e.MessageId == replyId);

        relay.CutOff();

        // A send over REST is refused quickly with 503, Retry-After and ProblemDetails: nothing was stored.
        var clock = Stopwatch.StartNew();
        using (var refused = await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Sent while the database was down", clientMessageId = "refused-1" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("The database is busy or unavailable.", (await ProblemBody.ReadAsync(refused)).Title);
        }

        Assert.True(clock.Elapsed < QuickRefusal, $"The refusal took {clock.Elapsed.TotalSeconds:0.0} s.");

        // Over the hub, the caller gets an error that says why, and the connection stays open.
        clock.Restart();
        var hubRefusal = await Assert.ThrowsAsync<HubException>(() => SendOverHubAsync(hub, room, "Sent over the hub while the database was down", "refused-hub"));
        Assert.Contains("The database is busy or unavailable.", hubRefusal.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < QuickRefusal, $"The hub's refusal took {clock.Elapsed.TotalSeconds:0.0} s.");
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);

        // A new hub connection cannot be set up yet: its negotiation is refused like a send.
        using (var negotiation = await ann.Http.PostAsync(new Uri("/hubs/chat/negotiate?negotiateVersion=1", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiation.StatusCode);
            Assert.NotNull(negotiation.Headers.RetryAfter);
            Assert.Equal("The database is busy or unavailable.", (await ProblemBody.ReadAsync(negotiation)).Title);
        }

        // Readiness names the database; liveness does not depend on it.
        using (var ready = await probe.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }

        using (var alive = await probe.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        // The gateway serves with its cached key; usage records wait in the writer's queue.
        await AssertServedAsync(gateway);
        await AssertServedAsync(gateway);

        // The bot reply is written to its end, but while it cannot be stored it is not reported finished.
        await hub.WaitUntilAsync(events => TextOf(events, replyId) == words, "the whole reply");
        await Eventually.UntilAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains("could not be stored", StringComparison.Ordinal) && l.Contains($"MessageId={replyId}", StringComparison.Ordinal))),
            because: "the reply's failed save in the log");
        Assert.DoesNotContain(hub.Events, e => e.Name == "messageCompleted" && e.MessageId == replyId);
        Assert.Equal(3, host.Services.GetRequiredService<UsageWriter>().Waiting);

        relay.Restore();

        // Ready again by itself, without a restart.
        await Eventually.UntilAsync(async () =>
        {
            using var ready = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
            return ready.StatusCode == HttpStatusCode.OK;
        }, because: "/readyz to be healthy again");

        // The refused sends, sent again with the same ids, are stored; the hub connection still works.
        using (var retried = await ann.Http.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Sent while the database was down", clientMessageId = "refused-1" }))
        {
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        }

        await SendOverHubAsync(hub, room, "Sent over the hub while the database was down", "refused-hub");
        await ann.Http.SendAsync(room, "After", "after-1");

        // A new connection works, and both hear the room.
        await using var again = await ann.ConnectAsync();
        await ann.Http.SendAsync(room, "After, heard live", "after-2");
        await again.WaitForAsync("messageCreated", e => e.Message.GetProperty("clientMessageId").GetString() == "after-2");
        await hub.WaitForAsync("messageCreated", e => e.Message.GetProperty("clientMessageId").GetString() == "after-2");

        // The bot reply is stored as it was written, and reported finished.
        var completed = await hub.WaitForCompletedAsync(replyId);
        Assert.Equal(("complete", words), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));

        // In the database: every acknowledged message once, in order; the reply complete; nothing left streaming; every usage record.
        var sent = await database.QueryAsync($"SELECT \"ClientMessageId\" FROM messages WHERE \"RoomId\" = '{room}' AND \"SenderUserId\" IS NOT NULL ORDER BY \"Id\"", r => r.GetString(0));
        Assert.Equal(["before-1", "before-2", "before-hub", "ask-bot", "refused-1", "refused-hub", "after-1", "after-2"], sent);
        var reply = await database.QueryAsync($"SELECT \"Status\", \"Text\" FROM messages WHERE \"Id\" = {replyId}", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal([("Complete", words)], reply);
        Assert.Equal([0L], await database.QueryAsync("SELECT count(*) FROM messages WHERE \"Status\" = 'Streaming'", r => r.GetInt64(0)));
        await WaitForUsageAsync(database, gatewayRecords: 3, botRecords: 1);

        // The writer counts its records out once their batch's commit has returned, a moment after they show in the table.
        var writer = host.Services.GetRequiredService<UsageWriter>();
        await Eventually.UntilAsync(() => Task.FromResult(writer.Waiting == 0), because: () => $"the usage writer's queue to empty ({writer.Waiting} waiting)");
    }

    /// <summary>A database on the server of <c>WARBLER_TEST_POSTGRES</c>; in CI, where the test is not skipped without it, a clear failure.</summary>
    internal static PostgresTestDatabase NewPostgresDatabase()
    {
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresServerVariable)),
            $"{TestDatabase.PostgresServerVariable} must name a PostgreSQL server: this test stops the database server, which a SQLite file has not.");
        return PostgresTestDatabase.CopyOfMigrated();
    }

    private static Task<JsonElement> SendOverHubAsync(HubClient hub, Guid room, string text, string clientMessageId) =>
        hub.Connection.InvokeAsync<JsonElement>("SendMessage", room, text, clientMessageId, null);

    private static async Task AssertServedAsync(HttpClient gateway)
    {
        using var response = await gateway.PostAsJsonAsync("/v1/chat/completions", new { model = "fake-model", messages = new[] { new { role = "user", content = "hi" } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string TextOf(IEnumerable<HubEvent> events, long replyId) =>
        string.Concat(events.Where(e => e.Name == "messageDelta" && e.MessageId == replyId).Select(e => e.Args[2].GetString()));

    /// <summary>Waits until the usage table holds this many records of <c>/v1</c> requests and of bot replies, and no more.</summary>
    private static async Task WaitForUsageAsync(TestDatabase database, long gatewayRecords, long botRecords)
    {
        (long Gateway, long Bot) stored = default;
        await Eventually.UntilAsync(async () =>
        {
            stored = (await database.QueryAsync(
                "SELECT count(*) FILTER (WHERE \"BotId\" IS NULL), count(*) FILTER (WHERE \"BotId\" IS NOT NULL) FROM usage_records",
                r => (r.GetInt64(0), r.GetInt64(1)))).Single();
            return stored.Gateway >= gatewayRecords && stored.Bot >= botRecords;
        }, because: $"{gatewayRecords} gateway and {botRecords} bot usage records");
        Assert.Equal((gatewayRecords, botRecords), stored);
    }
}
