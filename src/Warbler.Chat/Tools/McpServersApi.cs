using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Contracts.Tools;
using Warbler.Data;
using Warbler.Gateway.Auth;
using McpServerEntity = Warbler.Data.Tools.McpServer;
using McpServerResponse = Warbler.Contracts.Tools.McpServer;

namespace Warbler.Chat.Tools;

/// <summary>
/// <c>/api/admin/mcp-servers</c>, admins only: MCP servers whose tools bots may call. Their headers and
/// bearer tokens are stored encrypted and never shown again, only whether they are set.
/// </summary>
internal static class McpServersApi
{
    public static IEndpointRouteBuilder MapMcpServersApi(this IEndpointRouteBuilder app)
    {
        var servers = app.MapGroup("/api/admin/mcp-servers").RequireAuthorization(GatewayPolicies.Admin).WithTags("Admin: MCP servers");
        servers.MapGet("/", ListAsync).WithSummary("List MCP servers");
        servers.MapGet("/{id:guid}", GetAsync).WithSummary("Get an MCP server");
        servers.MapPost("/", CreateAsync).WithSummary("Register an MCP server")
            .WithDescription("Streamable HTTP (url, optional headers and bearerToken, stored encrypted), or a stdio command when Chat:Tools:AllowStdio is true.");
        servers.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change an MCP server")
            .WithDescription("Fields left out stay as they are; \"bearerToken\": \"\" removes the token, \"headers\": {} the headers.");
        servers.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove an MCP server")
            .WithDescription("Bots are no longer offered its tools; the steps of replies that called them stay.");
        servers.MapGet("/{id:guid}/tools", ListToolsAsync).WithSummary("List an MCP server's tools")
            .WithDescription("Asks the server now; 502 when it cannot be reached.");
        return app;
    }

    private static async Task<Ok<List<McpServerResponse>>> ListAsync(WarblerDbContext db, CancellationToken cancellationToken)
    {
        var servers = await db.McpServers.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(servers.Select(Describe).ToList());
    }

    private static async Task<Results<Ok<McpServerResponse>, ProblemHttpResult>> GetAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken) =>
        await db.McpServers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is { } server
            ? TypedResults.Ok(Describe(server))
            : NotFound(id);

    private static async Task<Results<Created<McpServerResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateMcpServerRequest request, WarblerDbContext db, McpSecretProtector secrets, IOptions<ToolsOptions> options, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (request.Name is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["name is required."] });
        }

        var now = time.GetUtcNow().UtcDateTime;
        var server = new McpServerEntity
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = request.Name.Trim(),
            NormalizedName = McpServerEntity.Normalize(request.Name.Trim()),
            Transport = request.Transport?.Trim().ToLowerInvariant() ?? McpTransports.Http,
            Url = request.Url?.Trim(),
            Command = request.Command,
            Arguments = McpServerRules.ArgumentsJson(request.Arguments),
            Enabled = request.Enabled ?? true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        switch (Check(server, request.Headers, request.BearerToken, request.Arguments, options.Value))
        {
            case (ValidationProblem invalid, _):
                return invalid;
            case (_, ProblemHttpResult refused):
                return refused;
        }

        server.ProtectedHeaders = server.Transport == McpTransports.Http ? secrets.ProtectHeaders(request.Headers) : null;
        server.ProtectedBearerToken = server.Transport == McpTransports.Http ? secrets.ProtectToken(request.BearerToken) : null;
        db.McpServers.Add(server);
        if (!await TrySaveAsync(db, server, cancellationToken))
        {
            return NameTaken(server.Name);
        }

        ToolsLog.ServerChanged(Logger(loggers), server.Name, server.Id, "was registered");
        return TypedResults.Created($"/api/admin/mcp-servers/{server.Id}", Describe(server));
    }

    private static async Task<Results<Ok<McpServerResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateMcpServerRequest request, WarblerDbContext db, McpSecretProtector secrets, IOptions<ToolsOptions> options, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await db.McpServers.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } server)
        {
            return NotFound(id);
        }

        server.Name = request.Name?.Trim() ?? server.Name;
        server.NormalizedName = McpServerEntity.Normalize(server.Name);
        server.Transport = request.Transport?.Trim().ToLowerInvariant() ?? server.Transport;
        server.Url = request.Url?.Trim() ?? server.Url;
        server.Command = request.Command ?? server.Command;
        server.Arguments = request.Arguments is null ? server.Arguments : McpServerRules.ArgumentsJson(request.Arguments);
        server.Enabled = request.Enabled ?? server.Enabled;

        // Headers and a token already stored are checked when they were set; only new ones are checked here.
        var keepsSecrets = request.Headers is null && request.BearerToken is null && (server.ProtectedHeaders is not null || server.ProtectedBearerToken is not null);
        switch (Check(server, request.Headers, request.BearerToken, McpServerRules.ArgumentsOf(server.Arguments), options.Value))
        {
            case (ValidationProblem invalid, _):
                return invalid;
            case (_, ProblemHttpResult refused):
                return refused;
        }

        if (server.Transport == McpTransports.Stdio && keepsSecrets)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["headers"] = ["A stdio server is given no headers or bearer token: remove them (\"headers\": {}, \"bearerToken\": \"\") to change its transport."] });
        }

        if (request.Headers is not null)
        {
            server.ProtectedHeaders = secrets.ProtectHeaders(request.Headers);
        }

        if (request.BearerToken is not null)
        {
            server.ProtectedBearerToken = secrets.ProtectToken(request.BearerToken);
        }

        server.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (!await TrySaveAsync(db, server, cancellationToken))
        {
            return NameTaken(server.Name);
        }

        ToolsLog.ServerChanged(Logger(loggers), server.Name, server.Id, "was changed");
        return TypedResults.Ok(Describe(server));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, WarblerDbContext db, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await db.McpServers.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound(id);
        }

        ToolsLog.ServerRemoved(Logger(loggers), id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<McpTool>>, ProblemHttpResult>> ListToolsAsync(
        Guid id, WarblerDbContext db, McpConnector connector, IOptions<ToolsOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.McpServers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } server)
        {
            return NotFound(id);
        }

        try
        {
            await using var session = await connector.ConnectAsync(server, cancellationToken);
            var tools = await McpToolList.ListAsync(session, server.Name, options.Value.CallTimeout, time, cancellationToken);
            return TypedResults.Ok(tools.Select(t => new McpTool(t.Name, t.Description, t.JsonSchema)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList());
        }
        catch (McpUnreachableException unreachable)
        {
            return TypedResults.Problem(unreachable.Message, statusCode: StatusCodes.Status502BadGateway, title: "MCP server unreachable");
        }
    }

    private static (ValidationProblem? Invalid, ProblemHttpResult? Refused) Check(
        McpServerEntity server, IReadOnlyDictionary<string, string>? headers, string? bearerToken, IReadOnlyList<string>? arguments, ToolsOptions options)
    {
        var errors = McpServerRules.Validate(server, headers, bearerToken, arguments);
        if (errors.Count > 0)
        {
            return (TypedResults.ValidationProblem(errors), null);
        }

        if (server.Transport == McpTransports.Stdio && !options.AllowStdio)
        {
            return (null, TypedResults.Problem(
                "MCP servers run as commands (stdio) are not allowed on this server: such a command runs on the server with its rights. An operator allows them by setting Chat:Tools:AllowStdio to true.",
                statusCode: StatusCodes.Status400BadRequest,
                title: "stdio MCP servers are not allowed"));
        }

        return (null, null);
    }

    private static McpServerResponse Describe(McpServerEntity server) => new(
        server.Id,
        server.Name,
        server.Transport,
        server.Url,
        server.ProtectedHeaders is not null,
        server.ProtectedBearerToken is not null,
        server.Command,
        McpServerRules.ArgumentsOf(server.Arguments),
        server.Enabled,
        server.CreatedAt.AsUtc(),
        server.UpdatedAt.AsUtc());

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(McpServersApi));

    /// <summary>Saves, or says false when another server has the name (checked first, and again if the unique index refuses).</summary>
    private static async Task<bool> TrySaveAsync(WarblerDbContext db, McpServerEntity server, CancellationToken cancellationToken)
    {
        if (await db.McpServers.AnyAsync(s => s.NormalizedName == server.NormalizedName && s.Id != server.Id, cancellationToken))
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return false;
        }
    }

    private static ProblemHttpResult NameTaken(string name) =>
        TypedResults.Problem($"Another MCP server is already named '{name}'.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no MCP server {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
