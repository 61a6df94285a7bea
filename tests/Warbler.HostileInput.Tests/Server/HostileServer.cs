using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Data;
using Warbler.Data.Responses;
using Warbler.Testing;

namespace Warbler.HostileInput.Tests.Server;

/// <summary>
/// The real server listening on a loopback socket (so Kestrel's own limits apply), with a fake
/// upstream behind it and the callers and things the routes need: a gateway key, the admin key, a
/// user with a room and a message, and a bot, a key, a provider and a user to change or remove,
/// kept apart from what the checks at the end use.
/// </summary>
public sealed class HostileServer : IAsyncLifetime
{
    /// <summary>Small enough that bodies beyond it stay cheap to send.</summary>
    public const int GatewayBodyLimit = 1024 * 1024;

    public const string TargetProvider = "fuzzed";

    private WebApplicationFactory<Program>? _kestrel;
    private SampleMcpHost? _mcp;
    private IReadOnlyList<Routes.HostileRoute>? _routes;

    public GatewayHost Host { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string GatewayKey { get; private set; } = "";

    /// <summary>The user who owns <see cref="Room"/>.</summary>
    public AccessTokens Owner { get; private set; } = null!;

    /// <summary>A second user, for the routes that change the signed-in account.</summary>
    public AccessTokens Member { get; private set; } = null!;

    public Guid Room { get; private set; }

    public long Message { get; private set; }

    /// <summary>A file sent in <see cref="Room"/> with the message <see cref="Message"/>.</summary>
    public Guid Attachment { get; private set; }

    public Guid TargetBot { get; private set; }

    public Guid TargetKey { get; private set; }

    public Guid TargetUser { get; private set; }

    /// <summary>A team <see cref="Owner"/> owns, with <see cref="TargetUser"/> in it and a key, for the teams' routes.</summary>
    public Guid TargetTeam { get; private set; }

    public Guid TargetTeamKey { get; private set; }

    /// <summary>A knowledge base with one document, for the knowledge-base routes.</summary>
    public Guid TargetKnowledgeBase { get; private set; }

    public Guid TargetDocument { get; private set; }
    /// <summary>An MCP server registered against the sample server this fixture runs, so its tools can be listed.</summary>
    public Guid TargetMcpServer { get; private set; }

    /// <summary>A single sign-on provider (that nobody answers for), for the sign-on routes.</summary>
    public const string SignOnProvider = "hostile-sso";

    /// <summary>The model of an Anthropic provider, whose Messages requests are relayed as they are.</summary>
    public const string AnthropicModel = "claude-hostile";

    /// <summary>A response stored for <see cref="GatewayKey"/>, for the routes that read one.</summary>
    public string StoredResponseId { get; } = $"resp_hostile{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        Host = await GatewayHost.StartAsync(configure: settings =>
        {
            settings["Gateway:MaxRequestBodyBytes"] = GatewayBodyLimit.ToString(CultureInfo.InvariantCulture);

            // Bot replies come often here; the per-user limit is tested elsewhere.
            settings["Chat:UserLimits:BotRequestsPerMinute"] = "0";
            settings["Chat:UserLimits:TokensPerDay"] = "0";

            settings[$"Auth:SignOn:Providers:{SignOnProvider}:Authority"] = $"http://127.0.0.1:{ClosedPort.Take()}/";
            settings[$"Auth:SignOn:Providers:{SignOnProvider}:ClientId"] = "warbler";
        });
        _kestrel = Host.StartOnLoopback();
        BaseAddress = _kestrel.ClientOptions.BaseAddress;

        var ownerEmail = ChatUsers.NewEmail("owner");
        await Host.RegisterAsync(ownerEmail);
        Owner = await Host.LoginAsync(ownerEmail);
        var memberEmail = ChatUsers.NewEmail("member");
        await Host.RegisterAsync(memberEmail);
        Member = await Host.LoginAsync(memberEmail);
        TargetUser = await Host.CreateUserAsync(ChatUsers.NewEmail("target"));

        using var owner = CreateClient(Owner.AccessToken);
        Room = (await PostAsync(owner, "/api/rooms", new { kind = "group", title = "Hostile" })).GetProperty("id").GetGuid();
        var ownerId = (await owner.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        Attachment = await UploadAsync(owner, Room, "hello.txt", "Hello, file."u8.ToArray());
        Message = (await PostAsync(owner, $"/api/rooms/{Room}/messages", new { text = "Hello", clientMessageId = "first", attachmentIds = (Guid[])[Attachment] })).GetProperty("id").GetInt64();

        // Keys through the socket's server: each server caches the keys it knows.
        using var admin = CreateClient(GatewayHost.AdminKey);
        var gatewayKey = await PostAsync(admin, "/api/admin/keys", new { name = "hostile input" });
        GatewayKey = gatewayKey.GetProperty("key").GetString()!;
        await StoreResponseAsync(gatewayKey.GetProperty("id").GetGuid());
        TargetBot = (await PostAsync(admin, "/api/bots", new { name = "Target", handle = "target-bot", model = "gpt-4o-mini", systemPrompt = "Be brief." })).GetProperty("id").GetGuid();
        TargetKey = (await PostAsync(admin, "/api/admin/keys", new { name = "target" })).GetProperty("id").GetGuid();
        TargetTeam = (await PostAsync(admin, "/api/teams", new { name = "Target team" })).GetProperty("id").GetGuid();
        await PostAsync(admin, $"/api/teams/{TargetTeam}/members", new { userId = TargetUser });
        await AddTeamOwnerAsync(TargetTeam, ownerId);
        TargetTeamKey = (await PostAsync(admin, $"/api/teams/{TargetTeam}/keys", new { name = "target" })).GetProperty("id").GetGuid();
        await PostAsync(admin, "/api/admin/providers", new { name = TargetProvider, kind = "openai", baseUrl = Host.Upstream.BaseUrl, apiKey = "sk-target", models = (string[])["target-model"], priority = 9 });
        await PostAsync(admin, "/api/admin/providers", new { name = "hostile-anthropic", kind = "anthropic", baseUrl = Host.Upstream.BaseUrl, apiKey = "sk-anthropic", models = (string[])[AnthropicModel], priority = 9 });
        TargetKnowledgeBase = (await PostAsync(admin, "/api/admin/knowledge-bases", new { name = "Target" })).GetProperty("id").GetGuid();
        using (var form = new MultipartFormDataContent { { new ByteArrayContent("# Target\n\nA passage."u8.ToArray()), "file", "target.md" } })
        using (var uploaded = await admin.PostAsync($"/api/admin/knowledge-bases/{TargetKnowledgeBase}/documents", form))
        {
            Assert.True(uploaded.StatusCode == HttpStatusCode.Accepted, $"Uploading a document: {(int)uploaded.StatusCode} {await uploaded.Content.ReadAsStringAsync()}");
            TargetDocument = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        // No token: hostile requests may change the registration's, and the server must still answer them.
        _mcp = await SampleMcpHost.StartAsync(requireToken: false);
        TargetMcpServer = (await PostAsync(admin, "/api/admin/mcp-servers", new { name = "target-mcp", url = _mcp.Url })).GetProperty("id").GetGuid();
    }

    /// <summary>Every mapped route, filled in for this server (see <see cref="Routes.RouteCatalog"/>).</summary>
    public async Task<IReadOnlyList<Routes.HostileRoute>> RoutesAsync(CancellationToken cancellationToken) =>
        _routes ??= await Routes.RouteCatalog.AllAsync(this, cancellationToken);

    /// <summary>A client of the socket, sending <paramref name="bearer"/> when given.</summary>
    public HttpClient CreateClient(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>The server is up: <c>/healthz</c> answers 200.</summary>
    public async Task AssertHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync("/healthz", cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/healthz answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>Ordinary requests still work: a chat completion with the gateway key and a message in the room.</summary>
    public async Task AssertValidRequestsWorkAsync(CancellationToken cancellationToken)
    {
        await AssertHealthyAsync(cancellationToken);
        using var gateway = CreateClient(GatewayKey);
        using var completion = await gateway.PostAsJsonAsync("/v1/chat/completions", new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "Still there?" } } }, cancellationToken);
        Assert.True(completion.StatusCode == HttpStatusCode.OK, $"A valid completion answered {(int)completion.StatusCode} {await completion.Content.ReadAsStringAsync(cancellationToken)}");

        using var owner = CreateClient(Owner.AccessToken);
        var room = (await PostAsync(owner, "/api/rooms", new { kind = "group", title = "After" }, cancellationToken)).GetProperty("id").GetGuid();
        await PostAsync(owner, $"/api/rooms/{room}/messages", new { text = "Still here", clientMessageId = Guid.NewGuid().ToString("N") }, cancellationToken);
    }

    private async Task AddTeamOwnerAsync(Guid teamId, Guid ownerId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        db.TeamMembers.Add(new Warbler.Data.Teams.TeamMember { TeamId = teamId, UserId = ownerId, Role = Warbler.Data.Teams.TeamRole.Owner, JoinedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>Stored as <c>POST /v1/responses</c> stores one, so the routes that read it get past "not found".</summary>
    private async Task StoreResponseAsync(Guid keyId)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarblerDbContext>();
        db.StoredResponses.Add(new StoredResponse
        {
            Id = StoredResponseId,
            KeyId = keyId,
            Model = "gpt-4o-mini",
            Status = "completed",
            CreatedAt = DateTime.UtcNow,
            ExpiresAt = DateTime.UtcNow.AddDays(1),
            InputJson = """[{"role":"user","content":"Hi"}]""",
            ResponseJson = $$"""{"id":"{{StoredResponseId}}","object":"response","status":"completed","output":[]}""",
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Uploads a file to a room as a client does (multipart, one part named <c>file</c>) and returns its id.</summary>
    public static async Task<Guid> UploadAsync(HttpClient client, Guid room, string fileName, byte[] bytes, CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        using var response = await client.PostAsync($"/api/rooms/{room}/attachments", form, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Uploading {fileName}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, CancellationToken cancellationToken = default)
    {
        using var response = await client.PostAsJsonAsync(path, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_kestrel is not null)
        {
            await _kestrel.DisposeAsync();
        }

        if (_mcp is not null)
        {
            await _mcp.DisposeAsync();
        }

        await Host.DisposeAsync();
    }
}
