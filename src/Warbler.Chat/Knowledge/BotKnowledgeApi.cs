using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Gateway.Auth;
using Warbler.Contracts.Knowledge;
using Warbler.Data;
using Warbler.Data.Knowledge;
using KnowledgeBaseResponse = Warbler.Contracts.Knowledge.KnowledgeBase;

namespace Warbler.Chat.Knowledge;

/// <summary><c>/api/bots/{id}/knowledge-bases</c>: the knowledge bases a bot answers from, read and set as a whole.</summary>
internal static class BotKnowledgeApi
{
    private const int MaxBasesPerBot = 20;

    public static IEndpointRouteBuilder MapBotKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bots/{id:guid}/knowledge-bases").RequireAuthorization(GatewayPolicies.Admin).WithTags("Bots");
        group.MapGet("/", GetAsync).WithSummary("List the knowledge bases a bot answers from").WithDescription("Admins only.");
        group.MapPut("/", SetAsync).WithSummary("Set the knowledge bases a bot answers from")
            .WithDescription("Admins only. The whole list: bases left out are detached; an empty list leaves the bot without knowledge.");
        return app;
    }

    private static async Task<Results<Ok<List<KnowledgeBaseResponse>>, ProblemHttpResult>> GetAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Bots.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return BotNotFound(id);
        }

        return TypedResults.Ok(await ListAsync(db, id, cancellationToken));
    }

    private static async Task<Results<Ok<List<KnowledgeBaseResponse>>, ValidationProblem, ProblemHttpResult>> SetAsync(
        Guid id, BotKnowledgeBasesRequest request, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (request.KnowledgeBaseIds is not { } wanted)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["knowledgeBaseIds"] = ["knowledgeBaseIds is required (an empty list for none)."] });
        }

        var ids = wanted.Distinct().ToList();
        if (ids.Count > MaxBasesPerBot)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["knowledgeBaseIds"] = [$"A bot answers from at most {MaxBasesPerBot} knowledge bases."] });
        }

        if (!await db.Bots.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return BotNotFound(id);
        }

        var known = await db.KnowledgeBases.Where(b => ids.Contains(b.Id)).Select(b => b.Id).ToListAsync(cancellationToken);
        if (ids.Except(known).ToList() is { Count: > 0 } unknown)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["knowledgeBaseIds"] = [$"There is no knowledge base {string.Join(", ", unknown)}."] });
        }

        await SerialWrites.RunAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.BotKnowledgeBases.Where(l => l.BotId == id).ExecuteDeleteAsync(cancellationToken);
            db.BotKnowledgeBases.AddRange(ids.Select(kb => new BotKnowledgeBase { BotId = id, KnowledgeBaseId = kb }));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return TypedResults.Ok(await ListAsync(db, id, cancellationToken));
    }

    private static async Task<List<KnowledgeBaseResponse>> ListAsync(WarblerDbContext db, Guid botId, CancellationToken cancellationToken)
    {
        var bases = await (
            from link in db.BotKnowledgeBases.AsNoTracking()
            join knowledgeBase in db.KnowledgeBases on link.KnowledgeBaseId equals knowledgeBase.Id
            where link.BotId == botId
            orderby knowledgeBase.Name
            select knowledgeBase).ToListAsync(cancellationToken);
        var ids = bases.Select(b => b.Id).ToList();
        var counts = await db.KnowledgeDocuments.AsNoTracking()
            .Where(d => ids.Contains(d.KnowledgeBaseId))
            .GroupBy(d => d.KnowledgeBaseId)
            .Select(g => new { Id = g.Key, Documents = g.Count(), Chunks = g.Where(d => d.Status == DocumentStatus.Ready).Sum(d => d.ChunkCount) })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        return [.. bases.Select(b => KnowledgeResponses.Describe(b, counts.GetValueOrDefault(b.Id)?.Documents ?? 0, counts.GetValueOrDefault(b.Id)?.Chunks ?? 0))];
    }

    private static ProblemHttpResult BotNotFound(Guid id) =>
        TypedResults.Problem($"There is no bot {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
