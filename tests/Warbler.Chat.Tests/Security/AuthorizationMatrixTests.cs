using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Chat.Tests.Rooms;
using Warbler.Testing;

namespace Warbler.Chat.Tests.Security;

/// <summary>
/// Every route the server maps, called by each kind of caller: nobody, a user, another user, a
/// user with the admin role, a gateway key and the admin key. Each route belongs to one access
/// rule below; a route no rule covers fails the test, so a new route cannot go unchecked. Callers
/// without access get 401 or 403 (a room's outsiders, 404) in the API's own error format; callers
/// with access are never refused. The rooms' and bots' own tests check the answers in depth.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Callers callers) : IClassFixture<AuthorizationMatrixTests.Callers>
{
    public enum Caller { Anonymous, User, OtherUser, AdminUser, GatewayKey, AdminKey }

    private enum Access { Public, SignedIn, RoomMember, SignedInOrAdminKey, Admin, AdminKeyOnly, GatewayOrAdminKey, TeamOwner }

    /// <summary>Access by route: the first rule whose method (or any) and pattern prefix match.</summary>
    private static readonly (string? Method, string Prefix, Access Access)[] Rules =
    [
        (null, "/api/admin/users", Access.AdminKeyOnly),
        // A team's usage: its owners (the user) and admins; a member (the other user) gets 403.
        ("GET", "/api/teams/{id:guid}/usage", Access.TeamOwner),
        (null, "/api/admin", Access.Admin),
        (null, "/api/rooms/{id", Access.RoomMember),
        (null, "/api/rooms/{roomId", Access.RoomMember),
        (null, "/api/rooms", Access.SignedIn),
        (null, "/api/me", Access.SignedIn),
        // Teams: members read theirs and owners manage them (a team the caller is not in is 404, as
        // these made-up ids are); only admins create, change and delete teams and set their limits.
        ("GET", "/api/teams", Access.SignedInOrAdminKey),
        (null, "/api/teams/{id:guid}/members", Access.SignedInOrAdminKey),
        (null, "/api/teams/{id:guid}/keys", Access.SignedInOrAdminKey),
        (null, "/api/teams", Access.Admin),
        (null, "/api/users", Access.SignedIn),
        (null, "/chat", Access.SignedIn),
        // Which knowledge bases a bot has is for admins, like the bases themselves.
        (null, "/api/bots/{id:guid}/knowledge-bases", Access.Admin),
        (null, "/api/bots/{id:guid}/teams", Access.Admin),
        ("GET", "/api/bots", Access.SignedInOrAdminKey),
        (null, "/api/bots", Access.Admin),
        (null, "/api/auth/manage", Access.SignedIn),
        // Single sign-on: the providers for the sign-in page, starting a sign-on, the command-line code exchange.
        ("GET", "/api/auth/providers", Access.Public),
        (null, "/api/auth/sign-on", Access.Public),
        (null, "/api/auth", Access.Public),
        (null, "/hubs/chat", Access.SignedIn),
        // An unknown /v1 URL gets OpenAI's own "Invalid URL" 404, whoever asks.
        ("GET", "/v1/no/such/route", Access.Public),
        // The admin key is a key too: it may call /v1 (its usage is recorded as the key "admin").
        (null, "/v1", Access.GatewayOrAdminKey),
        (null, "/openapi", Access.Public),
        (null, "/docs", Access.Public),
        (null, "/healthz", Access.Public),
        (null, "/readyz", Access.Public),
        (null, "/metrics", Access.Public),
        ("GET", "/signin", Access.Public),
        ("GET", "/signup", Access.Public),
        ("GET", "/rooms/", Access.Public),
        ("GET", "/admin/", Access.Public),
        ("GET", "/usage/", Access.Public),
        ("GET", "/teams/", Access.Public),
    ];

    /// <summary>Routes mapped without an HTTP method (the hub's negotiation, health, metrics, the /v1 fallback), called as a client would.</summary>
    private static readonly string[] UnenumeratedRoutes =
        ["POST /hubs/chat/negotiate?negotiateVersion=1", "GET /healthz", "GET /readyz", "GET /metrics", "GET /v1/no/such/route"];

    public static TheoryData<Caller> AllCallers => new(Enum.GetValues<Caller>());

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task EveryRoute_AnswersEachCallerAsItsAccessRuleSays(Caller caller)
    {
        var failures = new List<string>();
        var routes = Routes();
        Assert.Contains("POST /v1/chat/completions", routes);
        Assert.Contains("DELETE /api/rooms/{id:guid}", routes);
        Assert.Contains("PUT /api/admin/users/{id:guid}/roles/admin", routes);
        Assert.Contains("POST /api/auth/sign-on/token", routes);

        foreach (var route in routes)
        {
            var (method, pattern) = Split(route);
            var access = AccessOf(method, pattern);
            if (access is null)
            {
                failures.Add($"{route}: no access rule covers it");
                continue;
            }

            var scene = access == Access.RoomMember ? await callers.MakeRoomAsync()
                : access == Access.TeamOwner ? new Scene(Guid.Empty, 0, Guid.Empty, await callers.MakeTeamAsync()) : null;
            using var response = await callers.CallAsync(caller, method, Fill(pattern, scene));
            var failure = await CheckAsync(caller, access.Value, response);
            if (failure is not null)
            {
                failures.Add($"{route} as {caller}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<string?> CheckAsync(Caller caller, Access access, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"{status} {body}";
        }

        if (Allows(access, caller))
        {
            var refused = status is 401 or 403 || (access == Access.RoomMember && status == 404);
            return refused ? $"refused with {status} {body}" : null;
        }

        var expected = access == Access.RoomMember && caller is Caller.OtherUser or Caller.AdminUser
            ? status == 404
            : status is 401 or 403;
        if (!expected)
        {
            return $"not refused: {status} {body}";
        }

        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (path.StartsWith("/v1/messages", StringComparison.Ordinal))
        {
            return mediaType == "application/json" && body.StartsWith("{\"type\":\"error\",\"error\":{", StringComparison.Ordinal) ? null : $"{status} not in Anthropic's error format: {mediaType} {body}";
        }

        if (path.StartsWith("/v1", StringComparison.Ordinal))
        {
            return mediaType == "application/json" && body.Contains("\"error\"", StringComparison.Ordinal) ? null : $"{status} not in OpenAI's error format: {mediaType} {body}";
        }

        if (path.StartsWith("/api", StringComparison.Ordinal) || path.StartsWith("/chat", StringComparison.Ordinal))
        {
            return mediaType == "application/problem+json" ? null : $"{status} not ProblemDetails: {mediaType} {body}";
        }

        return null;
    }

    private static bool Allows(Access access, Caller caller) => access switch
    {
        Access.Public => true,
        Access.SignedIn => caller is Caller.User or Caller.OtherUser or Caller.AdminUser,
        Access.RoomMember => caller is Caller.User,
        Access.SignedInOrAdminKey => caller is Caller.User or Caller.OtherUser or Caller.AdminUser or Caller.AdminKey,
        Access.Admin => caller is Caller.AdminUser or Caller.AdminKey,
        Access.AdminKeyOnly => caller is Caller.AdminKey,
        Access.GatewayOrAdminKey => caller is Caller.GatewayKey or Caller.AdminKey,
        Access.TeamOwner => caller is Caller.User or Caller.AdminUser,
        _ => throw new ArgumentOutOfRangeException(nameof(access)),
    };

    private static Access? AccessOf(string method, string pattern)
    {
        if (method == "GET" && pattern == "/")
        {
            return Access.Public; // the web app's page
        }

        foreach (var (ruleMethod, prefix, access) in Rules)
        {
            if ((ruleMethod is null || ruleMethod == method) && pattern.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return access;
            }
        }

        return null;
    }

    private List<string> Routes()
    {
        var mapped = callers.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => $"{method} {e.RoutePattern.RawText}"));
        return mapped.Concat(UnenumeratedRoutes).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static (string Method, string Pattern) Split(string route) => (route[..route.IndexOf(' ', StringComparison.Ordinal)], route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    /// <summary>The route's parameters: the caller's room and message where it has them, made-up values elsewhere.</summary>
    private static string Fill(string pattern, Scene? scene)
    {
        var path = pattern.StartsWith('/') ? pattern : "/" + pattern;
        path = System.Text.RegularExpressions.Regex.Replace(path, @"\{(\*\*)?(?<name>[A-Za-z]+)[^}]*\}", match => match.Groups["name"].Value switch
        {
            "id" when scene?.Team is { } team => team.ToString(),
            "id" or "roomId" when scene is not null => scene.Room.ToString(),
            "messageId" when scene is not null => scene.Message.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "attachmentId" when scene is not null => scene.Attachment.ToString(),
            "id" or "roomId" or "documentId" or "userId" or "keyId" => Guid.NewGuid().ToString(),
            "messageId" => "1",
            "documentName" => "v1",
            _ => "x",
        });
        return path;
    }

    public sealed record Scene(Guid Room, long Message, Guid Attachment, Guid? Team = null);

    /// <summary>One Warbler with a user, another user, an admin user and a gateway key.</summary>
    public sealed class Callers : IAsyncLifetime
    {
        private readonly Dictionary<Caller, HttpClient> _clients = [];

        public GatewayHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Host = await GatewayHost.StartAsync();
            _clients[Caller.Anonymous] = Host.CreateClient(key: null);
            _clients[Caller.User] = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("ann"));
            _clients[Caller.OtherUser] = await Host.RegisterAndLoginAsync(ChatUsers.NewEmail("bob"));
            _clients[Caller.AdminUser] = await Host.CreateAdminUserClientAsync();
            _clients[Caller.GatewayKey] = Host.CreateClient(await Host.CreateKeyAsync());
            _clients[Caller.AdminKey] = Host.CreateAdminClient();
        }

        /// <summary>A fresh room of the user's with one message, so a call that changes or removes it leaves the next call its own.</summary>
        public async Task<Scene> MakeRoomAsync()
        {
            var user = _clients[Caller.User];
            var room = await user.CreateRoomAsync("group", title: "Matrix");
            using var form = new MultipartFormDataContent { { new ByteArrayContent("A file"u8.ToArray()), "file", "note.txt" } };
            using var upload = await user.PostAsync($"/api/rooms/{room}/attachments", form);
            var attachment = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
            using var sent = await user.PostAsJsonAsync($"/api/rooms/{room}/messages", new { text = "Hello", clientMessageId = Guid.NewGuid().ToString("N"), attachmentIds = new[] { attachment } });
            var message = (await sent.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
            return new Scene(room, message, attachment);
        }

        /// <summary>A team the user owns and the other user is a member of.</summary>
        public async Task<Guid> MakeTeamAsync()
        {
            var owner = (await _clients[Caller.User].GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me")).GetProperty("id").GetGuid();
            var member = (await _clients[Caller.OtherUser].GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me")).GetProperty("id").GetGuid();
            return await Spending.SpendingData.CreateTeamAsync(Host, "Matrix " + Guid.NewGuid().ToString("N"), null,
                (owner, Warbler.Data.Teams.TeamRole.Owner), (member, Warbler.Data.Teams.TeamRole.Member));
        }

        public async Task<HttpResponseMessage> CallAsync(Caller caller, string method, string path)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                // A message route gets a valid message, so what answers is the access check, not validation.
                request.Content = path.Contains("/messages", StringComparison.Ordinal) && !path.EndsWith("/stop", StringComparison.Ordinal) && !path.EndsWith("/regenerate", StringComparison.Ordinal)
                    ? JsonContent.Create(new { text = "Hi", clientMessageId = Guid.NewGuid().ToString("N") })
                    : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            return await _clients[caller].SendAsync(request);
        }

        public async Task DisposeAsync()
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            await Host.DisposeAsync();
        }
    }
}
