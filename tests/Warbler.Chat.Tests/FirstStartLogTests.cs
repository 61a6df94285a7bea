using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Warbler.Testing;

namespace Warbler.Chat.Tests;

/// <summary>
/// What an operator reads on the first start and first use of a fresh server: the real process, in a
/// fresh folder, used as the README shows (a user, rooms, messages with bot replies, <c>/chat</c>, a
/// gateway key and <c>/v1</c>), then stopped. Nothing in its log may be a warning or an error
/// except <see cref="AllowedWarnings"/>, each there on purpose.
/// </summary>
public sealed partial class FirstStartLogTests : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Warnings a first start gives on purpose, by logger and event id, with why:
    /// <list type="bullet">
    /// <item><c>ProviderRegistry[2]</c>: no provider is configured, so only the offline demo answers;
    /// the line says how to add a real one (which makes it go away).</item>
    /// </list>
    /// </summary>
    private static readonly string[] AllowedWarnings = ["Warbler.Gateway.Providers.ProviderRegistry[2]"];

    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-first-start-").FullName;
    private readonly TestDatabase _database = TestDatabase.CreateMissing();

    [Theory]
    [InlineData("Development")] // dotnet run from source (its launch profile)
    [InlineData("Production")] // the published server
    public async Task FirstStartAndFirstUse_FreshFolder_LogsNoWarningsButTheDeliberateOnes(string environmentName)
    {
        var environment = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = environmentName };
        if (TestDatabase.IsPostgres)
        {
            _database.ApplyToEnvironment(environment);
        }

        await using var server = ServerProcess.Start(_folder, environment);
        await server.WaitUntilListeningAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = ReplyTimeout };

        await UseAsAReadmeReaderAsync(http, AdminKey().Match(server.Output).Value);
        var exitCode = await server.StopAsync(ServerProcess.StartTimeout);

        var log = server.Output + server.Errors;
        Assert.Equal(0, exitCode);
        Assert.Contains($"Hosting environment: {environmentName}", log, StringComparison.Ordinal);
        var unexpected = log.Split('\n').Where(IsWarningOrWorse).Where(line => !AllowedWarnings.Any(allowed => line.Contains(allowed, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"Unexpected warnings or errors:\n{string.Join('\n', unexpected)}\n\nWhole log:\n{log}");

        // The key ring's storage is said once, in words, instead of ASP.NET Core's warning.
        Assert.Single(DataProtectionNotice().Matches(log));
        Assert.DoesNotContain("No XML encryptor configured", log, StringComparison.Ordinal);

        // The first start creates the roles and the default bot, and says so.
        Assert.Contains("Created the role admin.", server.Output, StringComparison.Ordinal);
        Assert.Contains("Created the role user.", server.Output, StringComparison.Ordinal);
        Assert.Contains("Created the default bot @assistant with model demo", server.Output, StringComparison.Ordinal);
    }

    private static async Task UseAsAReadmeReaderAsync(HttpClient http, string adminKey)
    {
        Assert.StartsWith("wk-", adminKey, StringComparison.Ordinal);
        await SucceedsAsync(http.PostAsJsonAsync("/api/auth/register", new { email = "ann@example.com", password = ChatUsers.Password }));
        var tokens = await ReadAsync(await http.PostAsJsonAsync("/api/auth/login", new { email = "ann@example.com", password = ChatUsers.Password }));
        var ann = Bearer(tokens.GetProperty("accessToken").GetString()!);
        var admin = Bearer(adminKey);
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Get, "/api/me", ann)));

        // A conversation with the default bot, and a group room where two bots answer a mention.
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Post, "/api/bots", admin, new { name = "Reviewer", handle = "reviewer", model = "demo" })));
        var direct = await ReadAsync(await http.SendAsync(With(HttpMethod.Post, "/api/rooms", ann, new { kind = "direct", bots = (string[])["assistant"] })));
        var group = await ReadAsync(await http.SendAsync(With(HttpMethod.Post, "/api/rooms", ann, new { kind = "group", title = "Team", bots = (string[])["assistant", "reviewer"] })));
        await SendAndAwaitRepliesAsync(http, ann, direct.GetProperty("id").GetGuid(), "What is a warbler?", expectedReplies: 1);
        await SendAndAwaitRepliesAsync(http, ann, group.GetProperty("id").GetGuid(), "@assistant @reviewer hello", expectedReplies: 2);
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Get, "/api/rooms", ann)));
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Post, "/chat", ann, new { message = "Hi" })));

        // The gateway with a key of its own, as an application calls it.
        var key = (await ReadAsync(await http.SendAsync(With(HttpMethod.Post, "/api/admin/keys", admin, new { name = "my app" })))).GetProperty("key").GetString()!;
        var app = Bearer(key);
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Get, "/v1/models", app)));
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Post, "/v1/chat/completions", app, new { model = "demo", messages = new[] { new { role = "user", content = "Hi" } } })));
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Post, "/v1/chat/completions", app, new { model = "demo", stream = true, messages = new[] { new { role = "user", content = "Hi" } } })));
    }

    private static async Task SendAndAwaitRepliesAsync(HttpClient http, AuthenticationHeaderValue user, Guid room, string text, int expectedReplies)
    {
        await SucceedsAsync(http.SendAsync(With(HttpMethod.Post, $"/api/rooms/{room}/messages", user, new { text, clientMessageId = Guid.NewGuid().ToString("N") })));
        var deadline = DateTime.UtcNow + ReplyTimeout;
        while (true)
        {
            var messages = (await ReadAsync(await http.SendAsync(With(HttpMethod.Get, $"/api/rooms/{room}/messages", user)))).GetProperty("messages").EnumerateArray().ToList();
            var replies = messages.Where(m => m.GetProperty("sender").GetProperty("type").GetString() == "bot").ToList();
            if (replies.Count == expectedReplies && replies.All(r => r.GetProperty("status").GetString() == "complete"))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The bots did not answer '{text}' in time: {JsonSerializer.Serialize(messages)}");
            await Task.Delay(100);
        }
    }

    private static AuthenticationHeaderValue Bearer(string secret) => new("Bearer", secret);

    private static HttpRequestMessage With(HttpMethod method, string path, AuthenticationHeaderValue credential, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = credential;
        return request;
    }

    private static async Task SucceedsAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>A console line at Warning or above (<c>warn:</c>, <c>fail:</c>, <c>crit:</c> in the simple format), or anything else that says it failed.</summary>
    private static bool IsWarningOrWorse(string line) =>
        WarningOrWorse().IsMatch(line) || line.Contains("Unhandled exception", StringComparison.Ordinal);

    [GeneratedRegex(@"\b(warn|fail|crit):")]
    private static partial Regex WarningOrWorse();

    [GeneratedRegex(@"wk-[A-Za-z0-9_-]{20,}")]
    private static partial Regex AdminKey();

    [GeneratedRegex(@"info: Warbler\.Data\.DataProtection\.UnencryptedKeyRingNotice\[1\] Created a Data Protection key\. .*kept unencrypted in .*data_protection_keys")]
    private static partial Regex DataProtectionNotice();

    public void Dispose()
    {
        if (TestDatabase.IsPostgres)
        {
            _database.Delete();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
