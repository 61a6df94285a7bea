using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Warbler.HostileInput.Tests.Server;
using Warbler.Testing;

namespace Warbler.HostileInput.Tests.Routes;

/// <summary>
/// Every route the server maps (from its <see cref="EndpointDataSource"/>), each with the caller it
/// needs and a valid body to mutate. A route that takes a body but has no valid body here, or a
/// parameter this catalog cannot fill, fails the test: a new route cannot slip past uncovered.
/// </summary>
public static class RouteCatalog
{
    /// <summary>A valid body per route that takes one; empty for routes that read no body.</summary>
    private static readonly Dictionary<string, string> ValidBodies = new()
    {
        ["POST /v1/chat/completions"] = """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"max_tokens":5,"temperature":0.5,"stream":false,"stream_options":{"include_usage":true}}""",
        ["POST /v1/completions"] = """{"model":"gpt-4o-mini","prompt":"Hi","max_tokens":5,"stream":false}""",
        ["POST /v1/messages"] = """{"model":"gpt-4o-mini","max_tokens":5,"system":"Be brief.","messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"temperature":0.5,"stop_sequences":["###"],"metadata":{"user_id":"u1"},"stream":false}""",
        ["POST /v1/messages/count_tokens"] = """{"model":"gpt-4o-mini","system":"Be brief.","messages":[{"role":"user","content":"Hi"}]}""",
        ["POST /v1/engines/{model}/completions"] = """{"prompt":"Hi","max_tokens":5,"stream":false}""",
        ["POST /v1/responses"] = """{"model":"gpt-4o-mini","instructions":"Be brief.","input":[{"role":"user","content":[{"type":"input_text","text":"Hi"}]}],"max_output_tokens":16,"temperature":0.5,"stream":false,"tools":[{"type":"function","name":"lookup","parameters":{"type":"object","properties":{}}}],"text":{"format":{"type":"text"}}}""",
        ["POST /v1/embeddings"] = """{"model":"text-embedding-3-small","input":["Hi","there"],"dimensions":8,"encoding_format":"float","user":"u1"}""",
        ["POST /v1/images/generations"] = """{"model":"dall-e-2","prompt":"A bird","n":1,"size":"256x256","response_format":"b64_json"}""",
        ["POST /v1/audio/speech"] = """{"model":"tts-1","input":"Hi","voice":"alloy","response_format":"wav","speed":1.0}""",
        ["POST /v1/moderations"] = """{"model":"omni-moderation-latest","input":["Hi","there"]}""",

        // Multipart uploads: as JSON these bodies are refused at their content type (400); the gateway tests' MultipartBadInputTests send damaged forms.
        ["POST /v1/images/edits"] = """{"model":"dall-e-2","prompt":"A hat","n":1}""",
        ["POST /v1/audio/transcriptions"] = """{"model":"whisper-1","response_format":"json"}""",
        ["POST /v1/audio/translations"] = """{"model":"whisper-1","response_format":"json"}""",
        // An upload is multipart too: these damaged JSON bodies are refused at their content type (415); UploadTests sends damaged forms and files.
        ["POST /api/rooms/{roomId:guid}/attachments"] = """{"file":"hello.txt"}""",
        ["POST /api/admin/keys"] = """{"name":"hostile","models":["gpt-4o-mini"],"expiresAt":"2030-01-01T00:00:00Z","requestsPerMinute":100,"tokensPerMinute":1000,"maxConcurrentRequests":2,"tokenBudget":100000,"dailyTokenBudget":1000,"monthlyTokenBudget":10000,"costBudget":5.5,"dailyCostBudget":1,"monthlyCostBudget":2}""",
        ["PATCH /api/admin/keys/{id:guid}"] = """{"name":"target","models":["gpt-4o-mini"],"expiresAt":"2030-01-01T00:00:00Z","requestsPerMinute":100,"tokensPerMinute":1000,"maxConcurrentRequests":2,"tokenBudget":100000,"costBudget":5.5}""",
        ["POST /api/admin/providers"] = """{"name":"hostile-provider","kind":"openai","baseUrl":"http://127.0.0.1:9/v1","apiKey":"sk-hostile","models":["hostile-model"],"aliases":{"h":"hostile-model"},"priority":5,"weight":1,"apiVersion":null,"deployments":{},"legacyCompletions":null,"responses":null,"enabled":true,"timeouts":{"connect":"00:00:05","firstByte":"00:00:30","idle":"00:00:30","total":"00:10:00"}}""",
        ["PATCH /api/admin/providers/{name}"] = """{"models":["target-model"],"priority":9,"weight":1,"enabled":true,"timeouts":{"connect":"00:00:05"}}""",
        ["POST /api/admin/providers/{name}/test"] = "",
        ["POST /api/admin/users"] = """{"email":"hostile@example.com","password":"correct horse battery","displayName":"Hostile","admin":false}""",
        ["PUT /api/admin/users/{id:guid}/roles/admin"] = "",
        ["POST /api/admin/knowledge-bases"] = """{"name":"Hostile","description":"For hostile input.","embeddingModel":"text-embedding-3-small"}""",
        ["PATCH /api/admin/knowledge-bases/{id:guid}"] = """{"name":"Target","description":"Changed.","embeddingModel":"text-embedding-3-small"}""",

        // A multipart upload: as JSON this body is refused at its content type (415); the knowledge-base tests send refused files.
        ["POST /api/admin/knowledge-bases/{id:guid}/documents"] = """{"file":"text"}""",
        ["PUT /api/bots/{id:guid}/knowledge-bases"] = """{"knowledgeBaseIds":[]}""",
        ["PUT /api/bots/{id:guid}/teams"] = """{"teamIds":[]}""",
        ["POST /api/admin/mcp-servers"] = """{"name":"hostile-mcp","transport":"http","url":"http://127.0.0.1:9/mcp","headers":{"X-Api-Key":"k"},"bearerToken":"t","command":null,"arguments":null,"enabled":true}""",
        ["PATCH /api/admin/mcp-servers/{id:guid}"] = """{"name":"target-mcp","enabled":true,"bearerToken":"t","headers":{"X-Api-Key":"k"}}""",
        ["PUT /api/bots/{id:guid}/tools"] = """{"tools":[{"serverId":"00000000-0000-0000-0000-000000000001","tool":"add"}]}""",
        ["POST /api/bots"] = """{"name":"Hostile","handle":"hostile-bot","model":"gpt-4o-mini","systemPrompt":"Be brief.","temperature":0.5,"topP":1,"maxTokens":100,"frequencyPenalty":0,"presencePenalty":0,"contextBudget":8000}""",
        ["PATCH /api/bots/{id:guid}"] = """{"name":"Target","temperature":null,"maxTokens":50,"contextBudget":4000}""",
        ["POST /api/rooms"] = """{"kind":"group","title":"Hostile","members":[],"bots":[]}""",
        ["PATCH /api/rooms/{id:guid}"] = """{"title":"Hostile room","addMembers":[],"bots":[]}""",
        ["POST /api/rooms/{id:guid}/read"] = """{"messageId":1}""",
        ["POST /api/rooms/{roomId:guid}/messages"] = """{"text":"Hi","clientMessageId":"abc","replyTo":null}""",
        ["PATCH /api/rooms/{roomId:guid}/messages/{messageId:long}"] = """{"text":"Edited"}""",
        ["POST /api/rooms/{roomId:guid}/messages/{messageId:long}/stop"] = "",
        ["POST /api/rooms/{roomId:guid}/messages/{messageId:long}/regenerate"] = "",
        ["PATCH /api/me"] = """{"displayName":"Member"}""",
        ["POST /api/me/keys"] = """{"name":"mine","models":["gpt-4o-mini"],"expiresAt":"2030-01-01T00:00:00Z","teamId":null}""",
        ["POST /api/teams"] = """{"name":"Hostile team","description":"For hostile input."}""",
        ["PATCH /api/teams/{id:guid}"] = """{"name":"Target team","description":"Changed."}""",
        ["PUT /api/teams/{id:guid}/limits"] = """{"requestsPerMinute":100,"tokensPerMinute":1000,"tokenBudget":100000,"dailyTokenBudget":1000,"monthlyTokenBudget":10000,"costBudget":5.5,"dailyCostBudget":1,"monthlyCostBudget":2}""",
        ["POST /api/teams/{id:guid}/members"] = """{"userId":null,"email":"hostile@example.com","role":"member"}""",
        ["PATCH /api/teams/{id:guid}/members/{userId:guid}"] = """{"role":"owner"}""",
        ["POST /api/teams/{id:guid}/keys"] = """{"name":"hostile","models":["gpt-4o-mini"],"expiresAt":"2030-01-01T00:00:00Z"}""",
        ["PUT /api/admin/users/{id:guid}/limits"] = """{"requestsPerMinute":100,"tokensPerMinute":1000,"tokenBudget":100000,"dailyTokenBudget":1000,"monthlyTokenBudget":10000,"costBudget":5.5,"dailyCostBudget":1,"monthlyCostBudget":2}""",
        ["POST /chat"] = """{"message":"Hi","conversationId":null}""",
        ["POST /api/auth/register"] = """{"email":"someone@example.com","password":"correct horse battery"}""",
        ["POST /api/auth/login"] = """{"email":"nobody@example.com","password":"wrong password","twoFactorCode":null,"twoFactorRecoveryCode":null}""",
        ["POST /api/auth/refresh"] = """{"refreshToken":"not-a-token"}""",
        ["POST /api/auth/resendConfirmationEmail"] = """{"email":"nobody@example.com"}""",
        ["POST /api/auth/forgotPassword"] = """{"email":"nobody@example.com"}""",
        ["POST /api/auth/resetPassword"] = """{"email":"nobody@example.com","resetCode":"abc","newPassword":"another long password"}""",
        ["POST /api/auth/manage/2fa"] = """{"enable":false,"twoFactorCode":"123456","resetSharedKey":false,"resetRecoveryCodes":false,"forgetMachine":false}""",
        ["POST /api/auth/manage/info"] = """{"newEmail":null,"newPassword":null,"oldPassword":"wrong password"}""",
        ["POST /api/auth/logout"] = "",
        ["POST /api/auth/sign-on/token"] = """{"code":"not-a-code","verifier":"a-verifier-of-forty-three-characters-or-more-0123"}""",
    };

    /// <summary>Every mapped route with an HTTP method, or a failure naming what it cannot cover.</summary>
    public static async Task<IReadOnlyList<HostileRoute>> AllAsync(HostileServer server, CancellationToken cancellationToken)
    {
        using var client = server.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", cancellationToken));
        var paths = document.RootElement.GetProperty("paths");

        var routes = new List<HostileRoute>();
        var uncovered = new List<string>();
        var endpoints = server.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                var pattern = endpoint.RoutePattern.RawText!;
                pattern = pattern.StartsWith('/') ? pattern : "/" + pattern;
                pattern = pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
                var name = $"{method} {pattern}";
                var validBody = ValidBodies.GetValueOrDefault(name);
                if (method is "POST" or "PUT" or "PATCH" && validBody is null)
                {
                    uncovered.Add($"{name}: no valid body in {nameof(RouteCatalog)}");
                    continue;
                }

                var (path, parameters, unfilled) = Fill(server, pattern, endpoint.RoutePattern);
                uncovered.AddRange(unfilled.Select(parameter => $"{name}: no value for {{{parameter}}}"));
                routes.Add(new HostileRoute(method, pattern, path, BearerFor(server, method, pattern), FormatOf(pattern),
                    QueryParameters(paths, DocumentPath(endpoint.RoutePattern), method), parameters, validBody));
            }
        }

        Assert.True(uncovered.Count == 0, "Routes the hostile-input tests cannot cover:\n" + string.Join("\n", uncovered));

        // A Messages request for a model of an Anthropic provider is relayed as it is, checked by its own parser.
        routes.AddRange(routes.Where(r => r.Name is "POST /v1/messages" or "POST /v1/messages/count_tokens").ToList().Select(route => route with
        {
            Variant = "relayed to Anthropic",
            ValidBody = route.ValidBody!.Replace("\"gpt-4o-mini\"", $"\"{HostileServer.AnthropicModel}\"", StringComparison.Ordinal),
        }));
        Assert.Contains(routes, r => r.Name == "POST /v1/chat/completions");
        Assert.Contains(routes, r => r.Name == "POST /api/rooms/{roomId:guid}/messages");
        return routes.DistinctBy(r => r.Name).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The routes that answer in one of the APIs' formats.</summary>
    public static bool IsApi(HostileRoute route) => route.Format != ErrorFormat.Any;

    public static ErrorFormat FormatOf(string path) =>
        path.StartsWith("/v1/messages", StringComparison.Ordinal) ? ErrorFormat.Anthropic
        : path.StartsWith("/v1", StringComparison.Ordinal) ? ErrorFormat.OpenAI
        : path.StartsWith("/api", StringComparison.Ordinal) || path == "/chat" || path.StartsWith("/chat/", StringComparison.Ordinal) || path.StartsWith("/chat?", StringComparison.Ordinal) ? ErrorFormat.ProblemDetails
        : ErrorFormat.Any;

    /// <summary>The credential that lets the request through to the route's parser.</summary>
    private static string? BearerFor(HostileServer server, string method, string pattern) => pattern switch
    {
        _ when pattern.StartsWith("/v1", StringComparison.Ordinal) => server.GatewayKey,
        _ when pattern.StartsWith("/api/admin", StringComparison.Ordinal) => GatewayHost.AdminKey,
        _ when pattern.StartsWith("/api/bots", StringComparison.Ordinal) && method != "GET" => GatewayHost.AdminKey,
        _ when pattern.StartsWith("/api/teams", StringComparison.Ordinal) => GatewayHost.AdminKey,
        _ when pattern.StartsWith("/api/auth/manage", StringComparison.Ordinal) || pattern.StartsWith("/api/me", StringComparison.Ordinal) => server.Member.AccessToken,
        _ when pattern.StartsWith("/api/auth", StringComparison.Ordinal) => null,
        _ when pattern.StartsWith("/api", StringComparison.Ordinal) || pattern.StartsWith("/chat", StringComparison.Ordinal) => server.Owner.AccessToken,
        _ => null,
    };

    private static (string Path, List<RouteSegment> Parameters, List<string> Unfilled) Fill(HostileServer server, string pattern, RoutePattern routePattern)
    {
        var segments = new List<string>();
        var parameters = new List<RouteSegment>();
        var unfilled = new List<string>();
        foreach (var segment in routePattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => ValueOf(server, pattern, parameter.Name) ?? Unfilled(parameter.Name),
                _ => part.ToString(),
            }));
            if (segment.Parts.Any(part => part is RoutePatternParameterPart))
            {
                parameters.Add(new RouteSegment(((RoutePatternParameterPart)segment.Parts.First(part => part is RoutePatternParameterPart)).Name, segments.Count));
            }

            segments.Add(text);
        }

        return ("/" + string.Join("/", segments), parameters, unfilled);

        string Unfilled(string name)
        {
            unfilled.Add(name);
            return name;
        }
    }

    /// <summary>Real ids where the route needs them, so input gets past "not found".</summary>
    private static string? ValueOf(HostileServer server, string pattern, string parameter) => (parameter, pattern) switch
    {
        ("id" or "roomId", _) when pattern.StartsWith("/api/rooms", StringComparison.Ordinal) => server.Room.ToString(),
        ("messageId", _) => server.Message.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ("attachmentId", _) => server.Attachment.ToString(),
        ("id", _) when pattern.StartsWith("/api/bots", StringComparison.Ordinal) => server.TargetBot.ToString(),
        ("id", _) when pattern.StartsWith("/api/admin/keys", StringComparison.Ordinal) => server.TargetKey.ToString(),
        ("id", _) when pattern.StartsWith("/api/teams", StringComparison.Ordinal) => server.TargetTeam.ToString(),
        ("userId", _) when pattern.StartsWith("/api/teams", StringComparison.Ordinal) => server.TargetUser.ToString(),
        ("keyId", _) when pattern.StartsWith("/api/teams", StringComparison.Ordinal) => server.TargetTeamKey.ToString(),
        ("keyId", _) when pattern.StartsWith("/api/me/keys", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        ("id", _) when pattern.StartsWith("/api/admin/users", StringComparison.Ordinal) => server.TargetUser.ToString(),
        ("id", _) when pattern.StartsWith("/api/admin/knowledge-bases", StringComparison.Ordinal) => server.TargetKnowledgeBase.ToString(),
        ("documentId", _) => server.TargetDocument.ToString(),
        ("id", _) when pattern.StartsWith("/api/admin/mcp-servers", StringComparison.Ordinal) => server.TargetMcpServer.ToString(),
        ("name", _) when pattern.StartsWith("/api/admin/providers", StringComparison.Ordinal) => HostileServer.TargetProvider,
        ("name", _) when pattern.StartsWith("/api/auth/sign-on", StringComparison.Ordinal) => HostileServer.SignOnProvider,
        ("model", _) => "gpt-4o-mini",
        ("id", _) when pattern.StartsWith("/v1/models", StringComparison.Ordinal) => "gpt-4o-mini",
        ("id", _) when pattern.StartsWith("/v1/responses", StringComparison.Ordinal) => server.StoredResponseId,
        ("documentName", _) => "v1",
        ("path", _) => "somewhere",
        _ => null,
    };

    private static List<string> QueryParameters(JsonElement paths, string documentPath, string method) =>
        paths.TryGetProperty(documentPath, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out var operation) && operation.TryGetProperty("parameters", out var parameters)
            ? [.. parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!)]
            : [];

    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => part.ToString(),
        }))));
}
