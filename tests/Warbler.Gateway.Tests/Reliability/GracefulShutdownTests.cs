using System.Net;
using System.Text.Json;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Gateway.Tests.Reliability;

/// <summary>
/// Stopping the server (SIGTERM, as a service manager does) while a stream is being relayed: the
/// stream is finished, not cut, the process exits cleanly, and the request's usage record is in the
/// database when the server starts again.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const string AdminKey = "wk-shutdown-admin-key-0123456789";
    /// <summary>Generous: a busy machine can take a minute to start or stop a server process, and each wait ends when it has.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("warbler-shutdown-").FullName;
    private FakeUpstreamServer _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstreamServer.StartAsync();

    [Fact]
    public async Task Sigterm_DuringAStream_FinishesTheStreamAndKeepsItsUsageRecord()
    {
        _upstream.Default = UpstreamScript.Answer("one two three four five six seven eight nine ten") with
        {
            Chunks = 10,
            ChunkDelay = TimeSpan.FromMilliseconds(200),
            PromptTokens = 21,
            CompletionTokens = 10,
        };
        string key;
        await using (var server = await StartServerAsync())
        {
            using var admin = Client(server, AdminKey);
            key = await CreateKeyAsync(admin);
            using var caller = Client(server, key);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(new { model = "fake-model", stream = true, messages = new[] { new { role = "user", content = "Count to ten." } } }),
            };
            using var response = await caller.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var first = await reader.ReadLineAsync();
            Assert.StartsWith("data: ", first, StringComparison.Ordinal);

            // Stopped with most of the stream still to come (nine chunks, 1.8 s).
            var stopping = server.StopAsync(Timeout);
            var rest = await reader.ReadToEndAsync();

            var events = SseEvents.Parse(first + "\n" + rest);
            Assert.Equal("[DONE]", events[^1]);
            Assert.Equal("one two three four five six seven eight nine ten", string.Concat(events.SkipLast(1).Select(SseEvents.DeltaContent)).Trim());
            Assert.Equal(0, await stopping);
        }

        await using (var restarted = await StartServerAsync())
        {
            using var admin = Client(restarted, AdminKey);
            using var usage = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/usage"));
            var total = usage.RootElement.GetProperty("totals");
            Assert.Equal(1, total.GetProperty("requests").GetInt64());
            Assert.Equal(21, total.GetProperty("promptTokens").GetInt64());
            Assert.Equal(10, total.GetProperty("completionTokens").GetInt64());
        }
    }

    private async Task<ServerProcess> StartServerAsync()
    {
        var server = ServerProcess.Start(_folder, new Dictionary<string, string>
        {
            ["WARBLER_ADMIN_KEY"] = AdminKey,
            ["Providers__fake__BaseUrl"] = _upstream.BaseUrl,
            ["Providers__fake__ApiKey"] = "sk-upstream-shutdown",
        });
        await server.WaitUntilListeningAsync(Timeout);
        return server;
    }

    private static HttpClient Client(ServerProcess server, string key)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin)
    {
        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "shutdown" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return created.RootElement.GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
