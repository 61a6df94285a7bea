using System.Data.Common;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Warbler.Chat.Tests.Realtime;
using Warbler.Chat.Tests.Rooms;
using Warbler.FakeUpstream;
using Warbler.Testing;
using Warbler.Testing.SignOn;

namespace Warbler.Chat.Tests.Storage;

/// <summary>
/// The database locked by another process (a backup, a long migration): a write fails cleanly with
/// 503 and <c>Retry-After</c> once the busy wait runs out (over the hub: an error saying so and when
/// to try again), the gateway keeps serving from its caches, and once the lock is gone everything
/// recovers by itself with nothing lost or stored twice.
/// </summary>
public sealed class DatabaseLockedTests
{
    [Fact]
    public async Task WhileLocked_WritesAnswer503AndTheGatewayServes_AfterwardsNothingIsLostOrDoubled()
    {
        var database = TestDatabase.CreateNew();
        try
        {
            await LockAndRecoverAsync(database);
        }
        finally
        {
            database.Release();
        }
    }

    [Fact]
    public async Task WhileLocked_AHubSendIsRefusedSayingWhenToRetry_TheSameSendAfterwardsIsStoredOnce()
    {
        var database = TestDatabase.CreateNew();
        try
        {
            await using var host = await StartWithShortLockWaitAsync(database);
            using var ann = await ChatMember.SignUpAsync(host, "ann");
            var room = await ann.Http.CreateRoomAsync("group", title: "Locked out");
            await using var hub = await ann.ConnectAsync();
            Task<JsonElement> SendAsync() => hub.Connection.InvokeAsync<JsonElement>("SendMessage", room, "Sent while the database was locked", "locked-hub-1", null);

            HubException refused;
            await using (var locker = await LockAsync(database))
            {
                refused = await Assert.ThrowsAsync<HubException>(SendAsync);
                await UnlockAsync(locker);
            }

            var stored = await SendAsync();
            var again = await SendAsync();

            Assert.EndsWith("The database is busy or unavailable. Try the same call again in 2 s.", refused.Message, StringComparison.Ordinal);
            Assert.Equal(stored.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
            Assert.Single(await ann.Http.MessagesAsync(room), m => m.GetProperty("clientMessageId").GetString() == "locked-hub-1");
        }
        finally
        {
            database.Release();
        }
    }

    [Fact]
    public async Task AReplyThatEndsWhileLocked_IsStoredAndAnnouncedOnceTheLockIsGone()
    {
        var database = TestDatabase.CreateNew();
        try
        {
            var log = new LogCapture();
            await using var host = await StartWithShortLockWaitAsync(database, log);
            var text = string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}"));
            host.Upstream.Default = UpstreamScript.Answer(text) with { Chunks = 20, ChunkDelay = TimeSpan.FromMilliseconds(100) };
            var (ann, room) = await ReplyStreamingTests.StartDirectRoomAsync(host);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rooms/{room}/messages?stream=true") { Content = JsonContent.Create(new { text = "Count", clientMessageId = "c1" }) };
            using var response = await ann.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while ((await ReplyStreamingTests.ReadEventAsync(reader)).Event != "delta")
            {
            }

            string statusWhileLocked;
            await using (var locker = await LockAsync(database))
            {
                var reply = (await ann.MessagesAsync(room))[1];
                statusWhileLocked = reply.GetProperty("status").GetString()!;

                // Held past the stream's end and the server's wait for the lock, until the first attempt to store the reply has failed.
                var replyId = reply.GetProperty("id").GetInt64();
                await Eventually.UntilAsync(
                    () => log.Lines.Any(l => l.Contains("could not be stored", StringComparison.Ordinal) && l.Contains($"MessageId={replyId}", StringComparison.Ordinal)),
                    because: "the first attempt to store the reply to fail");
                await UnlockAsync(locker);
            }

            var (_, completed) = await ReadUntilAsync(reader, "completed").WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal("streaming", statusWhileLocked);
            Assert.Equal(("complete", text), (completed.GetProperty("status").GetString(), completed.GetProperty("text").GetString()));
            var stored = (await ann.MessagesAsync(room))[1];
            Assert.Equal(completed.GetRawText(), stored.GetRawText());
        }
        finally
        {
            database.Release();
        }
    }

    [Fact]
    public async Task ASignOnWhileLocked_ComesBackToTheSignInPageSayingSo_AndOnceUnlockedSignsTheSamePersonOn()
    {
        var database = TestDatabase.CreateNew();
        try
        {
            await using var provider = await OidcTestProvider.StartAsync();
            var log = new LogCapture();
            await using var host = await StartWithShortLockWaitAsync(database, log, settings =>
            {
                settings["Auth:SignOn:Providers:test:Authority"] = provider.Authority;
                settings["Auth:SignOn:Providers:test:ClientId"] = "warbler";
                settings["Auth:SignOn:Providers:test:ClientSecret"] = "warbler-client-secret-0123456789";
            });
            await provider.AddClientAsync("warbler", "warbler-client-secret-0123456789", new Uri(host.BaseAddress, "/api/auth/sign-on/test/callback").ToString());
            var person = new OidcTestUser("sub-" + Guid.NewGuid().ToString("N"), ChatUsers.NewEmail("sso"), Name: "Grace");
            provider.AddUser(person);
            provider.SignInAs = person.Subject;
            using var browser = new SignOnBrowser(host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));

            Uri landing;
            var callback = await browser.ToCallbackAsync("/api/auth/sign-on/test?returnUrl=/rooms");
            await using (var locker = await LockAsync(database, "users"))
            {
                (landing, _) = await browser.GoAsync(callback, browser.IsLanding);
                await UnlockAsync(locker);
            }

            var signedOn = await browser.SignOnAsync("/api/auth/sign-on/test?returnUrl=/rooms");

            Assert.Equal("/?signOnError=storage-unavailable", landing.PathAndQuery);
            Assert.Contains(log.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Single sign-on with test failed", StringComparison.Ordinal));
            Assert.DoesNotContain(log.Lines, line => line.StartsWith("Error Microsoft.AspNetCore", StringComparison.Ordinal));
            Assert.Equal("/rooms", signedOn.PathAndQuery);
            using var session = await browser.GetAsync(new Uri(browser.Warbler, "/api/auth/session"));
            var user = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
            Assert.Equal((person.Email, "Grace"), (user.GetProperty("email").GetString(), user.GetProperty("displayName").GetString()));
        }
        finally
        {
            database.Release();
        }
    }

    private static async Task<(string Event, JsonElement Data)> ReadUntilAsync(StreamReader reader, string name)
    {
        while (true)
        {
            var read = await ReplyStreamingTests.ReadEventAsync(reader);
            if (read.Event == name)
            {
                return read;
            }
        }
    }

    // The server waits a second or two for a lock before giving up (the engines' default is 30).
    private static Task<GatewayHost> StartWithShortLockWaitAsync(TestDatabase database, LogCapture? log = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var shortWait = TestDatabase.IsPostgres ? ";Command Timeout=2" : ";Default Timeout=1";
        return GatewayHost.StartAsync(databasePath: database.Name, logger: log, configure: s =>
        {
            s["ConnectionStrings:Warbler"] = database.ConnectionString + shortWait;
            configure?.Invoke(s);
        });
    }

    /// <summary>Another process holds the write lock until <see cref="UnlockAsync"/>: on SQLite the whole file's, on PostgreSQL <paramref name="table"/>'s (readers still read).</summary>
    private static async Task<DbConnection> LockAsync(TestDatabase database, string table = "messages")
    {
        var locker = database.CreateConnection();
        await locker.OpenAsync();
        await using var begin = locker.CreateCommand();
        begin.CommandText = TestDatabase.IsPostgres ? $"BEGIN; LOCK TABLE {table} IN EXCLUSIVE MODE;" : "BEGIN EXCLUSIVE;";
        await begin.ExecuteNonQueryAsync();
        return locker;
    }

    private static async Task UnlockAsync(DbConnection locker)
    {
        await using var rollback = locker.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        await rollback.ExecuteNonQueryAsync();
    }

    private static async Task LockAndRecoverAsync(TestDatabase database)
    {
        await using var host = await StartWithShortLockWaitAsync(database);
        using var ann = await host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
        var room = await ann.CreateRoomAsync("group", title: "Locked out");
        using var gateway = host.CreateClient(await host.CreateKeyAsync());
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(gateway)).StatusCode);
        var send = new { text = "Sent while the database was locked", clientMessageId = "locked-1" };

        await using (var locker = await LockAsync(database))
        {
            using var refused = await ann.PostAsJsonAsync($"/api/rooms/{room}/messages", send);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            var problem = await ProblemBody.ReadAsync(refused);
            Assert.Equal("The database is busy or unavailable.", problem.Title);

            // Keys are cached and usage records wait in their queue: the gateway does not need the database.
            using var served = await ChatAsync(gateway);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);

            await UnlockAsync(locker);
        }

        using (var retried = await ann.PostAsJsonAsync($"/api/rooms/{room}/messages", send))
        {
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        }

        var messages = await ann.MessagesAsync(room);
        Assert.Single(messages, m => m.GetProperty("clientMessageId").GetString() == "locked-1");
        using var admin = host.CreateAdminClient();
        await Eventually.UntilAsync(
            async () =>
            {
                using var usage = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage"));
                return usage.RootElement.GetProperty("totals").GetProperty("requests").GetInt64() == 2;
            },
            because: "the usage records of both gateway requests, written once the lock is released");
    }

    private static Task<HttpResponseMessage> ChatAsync(HttpClient gateway) =>
        gateway.PostAsJsonAsync("/v1/chat/completions", new { model = "fake-model", messages = new[] { new { role = "user", content = "hi" } } });
}
