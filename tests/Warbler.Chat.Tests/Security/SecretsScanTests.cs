using System.Net;
using System.Text.Json;
using Warbler.Chat.Tests.Realtime;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Security;

/// <summary>
/// One scenario through the whole server — an operator adding a provider, a user, a gateway key,
/// a bot conversation watched over the hub, the upstream failing while quoting its key, and the
/// admin pages — with every answer and every log line kept and searched for each secret: the
/// provider keys, the user's password, the gateway key, the admin key and the user's token.
/// </summary>
public sealed class SecretsScanTests
{
    private const string StoredProviderKey = "sk-stored-provider-scan-9d41e7";
    private const string UserPassword = "scan-password-5b27c0e1";

    [Fact]
    public async Task FullScenario_NoAnswerLogLineOrStoredValueCarriesASecret()
    {
        await using var upstream = await FakeUpstreamServer.StartAsync();
        var logs = new LogCapture();
        await using var host = await GatewayHost.StartAsync(logger: logs, configure: s =>
        {
            s["Gateway:Retry:MaxRetries"] = "0";
            s["Gateway:CoolDown:FailureThreshold"] = "100"; // Every request reaches the failing upstream.
            s["Providers:primary:Models:0"] = "configured-model"; // So the stored provider alone serves the bot's model.
        });
        var configuredProviderKey = "sk-upstream-primary-secret";
        var answers = new Answers();
        using var admin = host.CreateClient(GatewayHost.AdminKey);
        using var anonymous = host.CreateClient(key: null);

        // The operator adds a provider with a key and a bot on it, and a user.
        await answers.SendAsync(admin, HttpMethod.Post, "/api/admin/providers", new { name = "scanned", baseUrl = upstream.BaseUrl, apiKey = StoredProviderKey, models = new[] { "scan-model" } }, HttpStatusCode.Created);
        await answers.SendAsync(admin, HttpMethod.Post, "/api/bots", new { name = "Scanner", handle = "scanner", model = "scan-model" }, HttpStatusCode.Created);
        var email = ChatUsers.NewEmail("scan");
        await answers.SendAsync(admin, HttpMethod.Post, "/api/admin/users", new { email, password = UserPassword }, HttpStatusCode.Created);

        // The user signs in (after one wrong password), and a gateway key is made.
        await answers.SendAsync(anonymous, HttpMethod.Post, "/api/auth/login", new { email, password = UserPassword + "-wrong" }, HttpStatusCode.Unauthorized);
        var token = JsonDocument.Parse(await answers.SendUnscannedAsync(anonymous, HttpMethod.Post, "/api/auth/login", new { email, password = UserPassword }, HttpStatusCode.OK)).RootElement.GetProperty("accessToken").GetString()!;
        var gatewayKey = JsonDocument.Parse(await answers.SendUnscannedAsync(admin, HttpMethod.Post, "/api/admin/keys", new { name = "scan key" }, HttpStatusCode.Created)).RootElement.GetProperty("key").GetString()!;
        using var user = host.CreateClient(token);
        using var gateway = host.CreateClient(gatewayKey);

        // A conversation with the bot, watched over the hub; then the gateway used directly.
        await using var hub = await HubClient.ConnectAsync(host, token);
        var room = JsonDocument.Parse(await answers.SendAsync(user, HttpMethod.Post, "/api/rooms", new { kind = "group", title = "Scan", bots = new[] { "scanner" } }, HttpStatusCode.Created)).RootElement.GetProperty("id").GetGuid();
        await answers.SendAsync(user, HttpMethod.Post, $"/api/rooms/{room}/messages", new { text = "@scanner hello", clientMessageId = "scan-1" }, HttpStatusCode.Created);
        await hub.WaitForAsync("messageCompleted", e => e.Message.GetProperty("sender").GetProperty("type").GetString() == "bot");
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("scan-model", stream: false), HttpStatusCode.OK);
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("scan-model", stream: true), HttpStatusCode.OK);
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("configured-model", stream: true), HttpStatusCode.OK);

        // The upstream refuses, then fails, quoting the key it was sent as some do: in the bot's
        // failed reply and in the gateway's errors, its words are passed on with the key blotted out.
        upstream.Default = UpstreamScript.Fail(400, $"Bad request for key {StoredProviderKey}");
        await answers.SendAsync(user, HttpMethod.Post, $"/api/rooms/{room}/messages", new { text = "@scanner again", clientMessageId = "scan-2" }, HttpStatusCode.Created);
        var failed = await hub.WaitForAsync("messageCompleted", e => e.Message.GetProperty("status").GetString() == "failed");
        Assert.Contains("Bad request for key [redacted]", failed.Message.GetProperty("error").GetString(), StringComparison.Ordinal);
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("scan-model", stream: false), HttpStatusCode.BadRequest);
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("scan-model", stream: true), HttpStatusCode.BadRequest);
        upstream.Default = UpstreamScript.Fail(500, $"Internal error for key {StoredProviderKey}");
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("scan-model", stream: false), HttpStatusCode.BadGateway);
        await answers.SendAsync(gateway, HttpMethod.Post, "/v1/chat/completions", Chat("scan-model", stream: true), HttpStatusCode.BadGateway);
        await answers.SendAsync(admin, HttpMethod.Post, "/api/admin/providers/scanned/test", null, HttpStatusCode.OK);

        // Everything an operator and the user can read afterwards.
        foreach (var path in (string[])["/api/admin/providers", "/api/admin/providers/scanned", "/api/admin/keys", "/api/admin/users", "/api/admin/usage", "/api/admin/models", "/api/bots", "/readyz", "/metrics", "/openapi/v1.json"])
        {
            await answers.SendAsync(admin, HttpMethod.Get, path, null, HttpStatusCode.OK);
        }

        await answers.SendAsync(user, HttpMethod.Get, $"/api/rooms/{room}/messages", null, HttpStatusCode.OK);
        await answers.SendAsync(user, HttpMethod.Get, "/api/me", null, HttpStatusCode.OK);
        await answers.SendAsync(gateway, HttpMethod.Get, "/v1/usage", null, HttpStatusCode.OK);
        await answers.SendAsync(gateway, HttpMethod.Get, "/v1/models", null, HttpStatusCode.OK);

        var hubEvents = hub.Events.Select(e => $"{e.Name} {string.Join(' ', e.Args.Select(a => a.GetRawText()))}").ToList();
        string[] secrets = [StoredProviderKey, configuredProviderKey, UserPassword, gatewayKey, GatewayHost.AdminKey, token];
        foreach (var secret in secrets)
        {
            Assert.All(answers.Scanned, answer => Assert.DoesNotContain(secret, answer, StringComparison.Ordinal));
            Assert.All(hubEvents, hubEvent => Assert.DoesNotContain(secret, hubEvent, StringComparison.Ordinal));
            Assert.All(logs.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
        }

        foreach (var secret in (string[])[StoredProviderKey, configuredProviderKey, UserPassword, gatewayKey, GatewayHost.AdminKey])
        {
            await host.Database.AssertNotStoredAsync(secret);
        }

        // The scan saw the scenario: the bot's answer, both failures and the upstream's quoted words, redacted.
        Assert.True(answers.Scanned.Count >= 25, $"{answers.Scanned.Count} answers");
        Assert.Contains(hubEvents, e => e.StartsWith("messageDelta", StringComparison.Ordinal));
        Assert.Contains(answers.Scanned, a => a.Contains("Internal error for key [redacted]", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("scanned (OpenAI) was added", StringComparison.Ordinal));
    }

    private static object Chat(string model, bool stream) =>
        new { model, stream, messages = new[] { new { role = "user", content = "Hi" } } };

    /// <summary>Every answer (status, headers, body) sent through it, kept for the scan.</summary>
    private sealed class Answers
    {
        private readonly List<string> _scanned = [];

        public IReadOnlyList<string> Scanned => _scanned;

        public async Task<string> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
        {
            var (transcript, text) = await AnswerTranscript.SendAsync(client, method, path, body, expected);
            _scanned.Add(transcript);
            return text;
        }

        /// <summary>For the one answer that hands a secret out on purpose (a sign-in's token, a new key).</summary>
        public async Task<string> SendUnscannedAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected) =>
            (await AnswerTranscript.SendAsync(client, method, path, body, expected)).Body;
    }
}
