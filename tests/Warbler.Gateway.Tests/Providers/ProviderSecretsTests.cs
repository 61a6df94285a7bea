using System.Net;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Providers;

/// <summary>A stored provider's key is encrypted at rest, survives restarts, and never leaves the server in an answer or a log line.</summary>
public sealed class ProviderSecretsTests
{
    private const string FirstKey = "sk-stored-provider-first-key-7f3a9c";
    private const string SecondKey = "sk-stored-provider-second-key-21be4d";

    [Fact]
    public async Task Create_ApiKey_IsEncryptedAtRestAndStillWorksAfterRestart()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        var databasePath = GatewayHost.NewDatabasePath();
        try
        {
            await using (var first = await GatewayHost.StartAsync(providers: [], databasePath: databasePath))
            {
                using var admin = first.CreateAdminClient();
                await ProvidersAdmin.CreateAsync(admin, new { name = "kept", baseUrl = upstream.BaseUrl, apiKey = FirstKey, models = new[] { "kept-model" } });

                var (protectedKey, keyRingRows) = await ReadStoredAsync(first.Database);
                Assert.NotNull(protectedKey);
                Assert.DoesNotContain(FirstKey, protectedKey, StringComparison.Ordinal);
                Assert.True(keyRingRows > 0);
                await first.Database.AssertNotStoredAsync(FirstKey);
            }

            await using var second = await GatewayHost.StartAsync(providers: [], databasePath: databasePath);
            using var secondAdmin = second.CreateAdminClient();

            var (status, _) = await ProvidersAdmin.ChatAsync(secondAdmin, "kept-model");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal($"Bearer {FirstKey}", Assert.Single(upstream.Requests).Headers["Authorization"]);
            var listed = await ProvidersAdmin.GetAsync(secondAdmin, "kept");
            Assert.True(listed.GetProperty("hasApiKey").GetBoolean());
            Assert.Equal("healthy", listed.GetProperty("health").GetProperty("status").GetString());
            await second.Database.AssertNotStoredAsync(FirstKey);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Fact]
    public async Task Restart_KeyRingLost_ProviderListedAsUnusableUntilItsKeyIsSetAgain()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        var databasePath = GatewayHost.NewDatabasePath();
        try
        {
            await using (var first = await GatewayHost.StartAsync(providers: [], databasePath: databasePath))
            {
                using var admin = first.CreateAdminClient();
                await ProvidersAdmin.CreateAsync(admin, new { name = "orphaned", baseUrl = upstream.BaseUrl, apiKey = FirstKey, models = new[] { "m" } });
            }

            await TestDatabase.Named(databasePath).ExecuteAsync("DELETE FROM data_protection_keys");
            await using var second = await GatewayHost.StartAsync(providers: [], databasePath: databasePath);
            using var secondAdmin = second.CreateAdminClient();

            var listed = await ProvidersAdmin.GetAsync(secondAdmin, "orphaned");
            Assert.Equal("disabled", listed.GetProperty("health").GetProperty("status").GetString());
            Assert.Contains("cannot be decrypted", listed.GetProperty("health").GetProperty("lastError").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await ProvidersAdmin.ChatAsync(secondAdmin, "m")).Status);

            await ProvidersAdmin.PatchAsync(secondAdmin, "orphaned", new { apiKey = SecondKey });

            Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(secondAdmin, "m")).Status);
            Assert.Equal($"Bearer {SecondKey}", Assert.Single(upstream.Requests).Headers["Authorization"]);
        }
        finally
        {
            GatewayHost.DeleteDatabase(databasePath);
        }
    }

    [Fact]
    public async Task Lifecycle_AddUseTestFailChangeRemove_NoAnswerOrLogLineCarriesTheKey()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        var logs = new LogCapture();
        await using var host = await GatewayHost.StartAsync(providers: [], logger: logs, configure: s =>
        {
            s["Gateway:Retry:MaxRetries"] = "1";
            s["Gateway:CoolDown:FailureThreshold"] = "100"; // Every request reaches the failing upstream.
        });
        using var admin = host.CreateAdminClient();
        var answers = new List<string>();

        answers.Add(await SendAsync(admin, HttpMethod.Post, ProvidersAdmin.Path, new { name = "secretive", baseUrl = upstream.BaseUrl, apiKey = FirstKey }, HttpStatusCode.Created));
        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, "any-model")).Status);
        var (streamStatus, streamBody) = await ProvidersAdmin.ChatAsync(admin, "any-model", stream: true);
        Assert.Equal(HttpStatusCode.OK, streamStatus);
        Assert.EndsWith("data: [DONE]\n\n", streamBody, StringComparison.Ordinal);
        answers.Add(await SendAsync(admin, HttpMethod.Get, ProvidersAdmin.Path, null, HttpStatusCode.OK));
        answers.Add(await SendAsync(admin, HttpMethod.Get, $"{ProvidersAdmin.Path}/secretive", null, HttpStatusCode.OK));
        answers.Add(await SendAsync(admin, HttpMethod.Post, $"{ProvidersAdmin.Path}/secretive/test", null, HttpStatusCode.OK));
        Assert.Equal(["fake-model"], await ProvidersAdmin.ModelIdsAsync(admin));

        // The upstream fails, quoting the key as some do, with a server error, a refusal of the
        // request (whose OpenAI-shaped body is otherwise passed on) and a rate limit; its /models
        // refuses the key too.
        upstream.ModelsScript = UpstreamScript.Fail(401, $"Incorrect API key provided: {FirstKey}.");
        foreach (var status in (int[])[500, 400, 429])
        {
            upstream.Default = UpstreamScript.Fail(status, $"Error {status} for key {FirstKey}", retryAfter: "0");
            foreach (var stream in (bool[])[false, true])
            {
                var (failedStatus, failedBody) = await ProvidersAdmin.ChatAsync(admin, "any-model", stream);
                Assert.NotEqual(HttpStatusCode.OK, failedStatus);
                Assert.Contains("[redacted]", failedBody, StringComparison.Ordinal);
                answers.Add(failedBody);
            }
        }

        answers.Add(await SendAsync(admin, HttpMethod.Post, $"{ProvidersAdmin.Path}/secretive/test", null, HttpStatusCode.OK));
        answers.Add(await SendAsync(admin, HttpMethod.Get, $"{ProvidersAdmin.Path}/secretive", null, HttpStatusCode.OK));

        upstream.Reset();
        answers.Add(await SendAsync(admin, HttpMethod.Patch, $"{ProvidersAdmin.Path}/secretive", new { apiKey = SecondKey }, HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, (await ProvidersAdmin.ChatAsync(admin, "any-model")).Status);
        Assert.Equal($"Bearer {SecondKey}", upstream.Requests[^1].Headers["Authorization"]);
        answers.Add(await SendAsync(admin, HttpMethod.Post, $"{ProvidersAdmin.Path}/secretive/test", null, HttpStatusCode.OK));
        answers.Add(await SendAsync(admin, HttpMethod.Patch, $"{ProvidersAdmin.Path}/secretive", new { enabled = false }, HttpStatusCode.OK));
        answers.Add(await SendAsync(admin, HttpMethod.Post, $"{ProvidersAdmin.Path}/secretive/test", null, HttpStatusCode.OK));
        answers.Add(await SendAsync(admin, HttpMethod.Delete, $"{ProvidersAdmin.Path}/secretive", null, HttpStatusCode.NoContent));

        foreach (var key in (string[])[FirstKey, SecondKey])
        {
            Assert.All(answers, answer => Assert.DoesNotContain(key, answer, StringComparison.Ordinal));
            Assert.All(logs.Lines, line => Assert.DoesNotContain(key, line, StringComparison.Ordinal));
        }

        // The capture really saw the scenario, down to Trace.
        Assert.Contains(logs.Lines, line => line.Contains("secretive (OpenAI) was added", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("secretive (OpenAI) was changed", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("secretive (OpenAI) was removed", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("Provider secretive failed", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.StartsWith("Trace ", StringComparison.Ordinal));
    }

    /// <summary>Sends one admin request and returns what the client sees of the answer.</summary>
    private static async Task<string> SendAsync(HttpClient admin, HttpMethod method, string path, object? body, HttpStatusCode expected) =>
        (await AnswerTranscript.SendAsync(admin, method, path, body, expected)).Transcript;

    private static async Task<(string? ProtectedKey, long KeyRingRows)> ReadStoredAsync(TestDatabase database) =>
        Assert.Single(await database.QueryAsync(
            """SELECT "ProtectedApiKey", (SELECT COUNT(*) FROM data_protection_keys) FROM providers""",
            reader => (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1))));
}
