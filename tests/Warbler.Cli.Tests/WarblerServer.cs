using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warbler.FakeUpstream;
using Warbler.Testing;

namespace Warbler.Cli.Tests;

/// <summary>
/// Warbler as its own process on a real loopback port, in front of a fake upstream serving
/// <c>fake-model</c> and <c>other-model</c>; shared by every test of the collection, which run one at a time.
/// </summary>
public sealed class WarblerServer : IAsyncLifetime
{
    public const string AdminKey = "wk-cli-tests-admin-key-0123456789abcdef";

    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "warbler-cli-tests", Guid.NewGuid().ToString("N"));
    private ServerProcess? _server;

    public FakeUpstreamServer Upstream { get; private set; } = null!;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The base URL an OpenAI client uses: the root and <c>/v1</c>.</summary>
    public string BaseUrl => new Uri(Root, "v1").ToString();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workingDirectory);
        Upstream = await FakeUpstreamServer.StartAsync();
        Upstream.Models = ["fake-model", "other-model"];
        _server = ServerProcess.Start(_workingDirectory, new Dictionary<string, string>
        {
            ["WARBLER_ADMIN_KEY"] = AdminKey,
            ["ConnectionStrings__Warbler"] = $"Data Source={Path.Combine(_workingDirectory, "warbler.db")}",
            ["Providers__fake__BaseUrl"] = Upstream.BaseUrl,
            ["Providers__fake__ApiKey"] = "sk-upstream-fake-secret",
            ["Providers__fake__Models__0"] = "fake-model",
            ["Providers__fake__Models__1"] = "other-model",
            ["Gateway__Retry__BaseDelay"] = "00:00:00.010",
            ["Usage__FlushInterval"] = "00:00:00.010",
        });
        await _server.WaitUntilListeningAsync();
        Root = _server.BaseAddress!;
    }

    /// <summary>The environment a user of this server would set.</summary>
    public Dictionary<string, string> Environment(string? apiKey = null, bool admin = false)
    {
        var environment = new Dictionary<string, string> { ["WARBLER_URL"] = Root.ToString() };
        if (apiKey is not null)
        {
            environment["WARBLER_API_KEY"] = apiKey;
        }

        if (admin)
        {
            environment["WARBLER_ADMIN_KEY"] = AdminKey;
        }

        return environment;
    }

    /// <summary>Creates a gateway key through the admin API; <paramref name="limits"/> adds fields such as <c>new { requestsPerMinute = 1 }</c>.</summary>
    public async Task<string> CreateKeyAsync(string name = "cli test", object? limits = null)
    {
        using var client = new HttpClient { BaseAddress = Root };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var body = limits is null ? [] : JsonSerializer.SerializeToNode(limits)!.AsObject();
        body["name"] = name;
        using var response = await client.PostAsJsonAsync("/api/admin/keys", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }

    /// <summary>The chat completion requests the upstream received, their bodies parsed.</summary>
    public List<JsonObject> ChatRequests() =>
    [
        .. Upstream.Requests
            .Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal))
            .Select(r => JsonNode.Parse(r.Body)!.AsObject()),
    ];

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Upstream.DisposeAsync();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open stays in the temporary folder.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WarblerServerCollection : ICollectionFixture<WarblerServer>
{
    public const string Name = "Warbler server";
}
