using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Contracts.Tools;
using Warbler.Data;
using Warbler.Data.Tools;
using BotToolEntity = Warbler.Data.Tools.BotTool;
using BotToolResponse = Warbler.Contracts.Tools.BotTool;

namespace Warbler.Chat.Tools;

/// <summary>
/// <c>/api/bots/{id}/tools</c>: the MCP tools a bot may call, as bots are administered: every
/// signed-in user sees them, admins set them. A bot is offered these tools and no other.
/// </summary>
internal static class BotToolsApi
{
    public const int MaxToolsPerBot = 128;

    public static IEndpointRouteBuilder MapBotToolsApi(this IEndpointRouteBuilder app)
    {
        var tools = app.MapGroup("/api/bots/{id:guid}/tools").WithTags("Bots");
        tools.MapGet("/", ListAsync).RequireAuthorization(ChatPolicies.SignedInOrAdminKey)
            .WithSummary("List the tools a bot may call");
        tools.MapPut("/", SetAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Set the tools a bot may call")
            .WithDescription("Admins only: every tool the bot may call, each an MCP server's id and a tool's name as GET /api/admin/mcp-servers/{id}/tools lists it; [] for none.");
        return app;
    }

    private static async Task<Results<Ok<List<BotToolResponse>>, ProblemHttpResult>> ListAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Bots.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await ReadAsync(db, id, cancellationToken));
    }

    private static async Task<Results<Ok<List<BotToolResponse>>, ValidationProblem, ProblemHttpResult>> SetAsync(
        Guid id, SetBotToolsRequest request, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (request.Tools is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tools"] = ["tools is required: a list of { serverId, tool }, [] for none."] });
        }

        if (request.Tools.Count > MaxToolsPerBot)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tools"] = [$"A bot may call at most {MaxToolsPerBot} tools."] });
        }

        if (request.Tools.Any(t => t is null || t.ServerId is null || string.IsNullOrWhiteSpace(t.Tool) || t.Tool.Length > ToolLimits.ToolNameMaxLength))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tools"] = [$"Each tool is {{ \"serverId\": an MCP server's id, \"tool\": a name of 1 to {ToolLimits.ToolNameMaxLength} characters }}."] });
        }

        if (!await db.Bots.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return NotFound(id);
        }

        var serverIds = request.Tools.Select(t => t.ServerId!.Value).Distinct().ToList();
        var known = await db.McpServers.Where(s => serverIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        if (serverIds.Where(server => !known.Contains(server)).Select(server => (Guid?)server).FirstOrDefault() is { } unknown)
        {
            return UnknownServer(unknown);
        }

        // The list is replaced whole, or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.BotTools.Where(t => t.BotId == id).ExecuteDeleteAsync(cancellationToken);
        db.BotTools.AddRange(request.Tools
            .Select(t => (Server: t.ServerId!.Value, Tool: t.Tool!.Trim()))
            .Distinct()
            .Select(t => new BotToolEntity { BotId = id, ServerId = t.Server, ToolName = t.Tool }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A server (or the bot) removed since it was looked up.
            await transaction.RollbackAsync(CancellationToken.None);
            return await db.Bots.AnyAsync(b => b.Id == id, CancellationToken.None) ? UnknownServer(serverIds[0]) : NotFound(id);
        }

        return TypedResults.Ok(await ReadAsync(db, id, cancellationToken));
    }

    private static async Task<List<BotToolResponse>> ReadAsync(WarblerDbContext db, Guid botId, CancellationToken cancellationToken) =>
        (await db.BotTools.AsNoTracking()
            .Where(t => t.BotId == botId)
            .Join(db.McpServers.AsNoTracking(), t => t.ServerId, s => s.Id, (t, s) => new { t.ServerId, s.Name, t.ToolName })
            .ToListAsync(cancellationToken))
        .OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.ToolName, StringComparer.Ordinal)
        .Select(t => new BotToolResponse(t.ServerId, t.Name, t.ToolName))
        .ToList();

    private static ValidationProblem UnknownServer(Guid id) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["tools"] = [$"There is no MCP server {id}."] });

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no bot {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
