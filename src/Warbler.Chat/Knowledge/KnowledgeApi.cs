using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Gateway.Auth;
using Warbler.Contracts.Knowledge;
using Warbler.Data;
using Warbler.Gateway.Providers;
using KnowledgeBaseEntity = Warbler.Data.Knowledge.KnowledgeBase;
using KnowledgeBaseResponse = Warbler.Contracts.Knowledge.KnowledgeBase;
using KnowledgeLimits = Warbler.Data.Knowledge.KnowledgeLimits;
using DocumentStatus = Warbler.Data.Knowledge.DocumentStatus;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// <c>/api/admin/knowledge-bases</c>: admins (the role, or the admin key) create, change and delete
/// knowledge bases; their documents are <see cref="KnowledgeDocumentsApi"/>'s, and which bots answer
/// from them <see cref="BotKnowledgeApi"/>'s.
/// </summary>
internal static class KnowledgeApi
{
    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var bases = app.MapGroup("/api/admin/knowledge-bases").RequireAuthorization(GatewayPolicies.Admin).WithTags("Admin: knowledge bases");
        bases.MapGet("/", ListAsync).WithSummary("List knowledge bases");
        bases.MapPost("/", CreateAsync).WithSummary("Create a knowledge base")
            .WithDescription("A name, a description and the embedding model (Chat:Knowledge:EmbeddingModel when left out).");
        bases.MapGet("/{id:guid}", GetAsync).WithSummary("Get a knowledge base");
        bases.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change a knowledge base")
            .WithDescription("A new embedding model embeds every document again, in the background.");
        bases.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Delete a knowledge base, its documents and their chunks");
        bases.MapKnowledgeDocumentsApi();
        app.MapBotKnowledgeApi();
        return app;
    }

    private static async Task<Ok<List<KnowledgeBaseResponse>>> ListAsync(WarblerDbContext db, CancellationToken cancellationToken)
    {
        var bases = await db.KnowledgeBases.AsNoTracking().OrderBy(b => b.Name).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        var counts = await CountsAsync(db, null, cancellationToken);
        return TypedResults.Ok(bases.Select(b => Describe(b, counts)).ToList());
    }

    private static async Task<Results<Ok<KnowledgeBaseResponse>, ProblemHttpResult>> GetAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken) =>
        await db.KnowledgeBases.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken) is { } knowledgeBase
            ? TypedResults.Ok(Describe(knowledgeBase, await CountsAsync(db, id, cancellationToken)))
            : NotFound(id);

    private static async Task<Results<Created<KnowledgeBaseResponse>, ValidationProblem>> CreateAsync(
        CreateKnowledgeBaseRequest request, WarblerDbContext db, IProviderDirectory providers, IOptions<KnowledgeOptions> options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var knowledgeBase = new KnowledgeBaseEntity
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = request.Name?.Trim() ?? "",
            Description = request.Description?.Trim() ?? "",
            EmbeddingModel = request.EmbeddingModel?.Trim() ?? options.Value.EmbeddingModel,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var errors = Validate(knowledgeBase, providers, checkModel: true);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        db.KnowledgeBases.Add(knowledgeBase);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/admin/knowledge-bases/{knowledgeBase.Id}", KnowledgeResponses.Describe(knowledgeBase, 0, 0));
    }

    private static async Task<Results<Ok<KnowledgeBaseResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateKnowledgeBaseRequest request, WarblerDbContext db, IProviderDirectory providers, IVectorStore store, IngestionQueue queue,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.KnowledgeBases.SingleOrDefaultAsync(b => b.Id == id, cancellationToken) is not { } knowledgeBase)
        {
            return NotFound(id);
        }

        var previousModel = knowledgeBase.EmbeddingModel;
        knowledgeBase.Name = request.Name.Or(knowledgeBase.Name)?.Trim() ?? "";
        knowledgeBase.Description = request.Description.Or(knowledgeBase.Description)?.Trim() ?? "";
        knowledgeBase.EmbeddingModel = request.EmbeddingModel.Or(knowledgeBase.EmbeddingModel)?.Trim() ?? "";
        var modelChanged = !string.Equals(previousModel, knowledgeBase.EmbeddingModel, StringComparison.Ordinal);
        var errors = Validate(knowledgeBase, providers, checkModel: modelChanged);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        knowledgeBase.UpdatedAt = now;
        List<Guid> again = [];
        await SerialWrites.RunAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (modelChanged)
            {
                // Every document is embedded again; until each is, it is not searched (its vectors are of the old model).
                await db.KnowledgeDocuments.Where(d => d.KnowledgeBaseId == id && d.Status != DocumentStatus.Pending).ExecuteUpdateAsync(
                    set => set.SetProperty(d => d.Status, DocumentStatus.Pending).SetProperty(d => d.Error, (string?)null).SetProperty(d => d.UpdatedAt, now),
                    cancellationToken);
                again = await db.KnowledgeDocuments.Where(d => d.KnowledgeBaseId == id).OrderBy(d => d.CreatedAt).Select(d => d.Id).ToListAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        });
        if (modelChanged)
        {
            await store.KnowledgeBaseChangedAsync(id, cancellationToken);
            again.ForEach(queue.Enqueue);
        }

        return TypedResults.Ok(Describe(knowledgeBase, await CountsAsync(db, id, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, WarblerDbContext db, IVectorStore store, CancellationToken cancellationToken)
    {
        if (await db.KnowledgeBases.Where(b => b.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return NotFound(id);
        }

        await store.KnowledgeBaseChangedAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no knowledge base {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static Dictionary<string, string[]> Validate(KnowledgeBaseEntity knowledgeBase, IProviderDirectory providers, bool checkModel)
    {
        var errors = new Dictionary<string, string[]>();
        if (knowledgeBase.Name.Length is 0 or > KnowledgeLimits.NameMaxLength)
        {
            errors["name"] = [$"name is required, at most {KnowledgeLimits.NameMaxLength} characters."];
        }

        if (knowledgeBase.Description.Length > KnowledgeLimits.DescriptionMaxLength)
        {
            errors["description"] = [$"description must be at most {KnowledgeLimits.DescriptionMaxLength} characters."];
        }

        if (knowledgeBase.EmbeddingModel.Length is 0 or > KnowledgeLimits.ModelMaxLength)
        {
            errors["embeddingModel"] = [$"embeddingModel must be a model name of 1 to {KnowledgeLimits.ModelMaxLength} characters."];
        }
        else if (checkModel && !providers.Serves(knowledgeBase.EmbeddingModel))
        {
            errors["embeddingModel"] = [$"No provider serves the model '{knowledgeBase.EmbeddingModel}' (GET /v1/models lists those served)."];
        }

        return errors;
    }

    private static KnowledgeBaseResponse Describe(KnowledgeBaseEntity knowledgeBase, Dictionary<Guid, (int Documents, int Chunks)> counts)
    {
        var (documents, chunks) = counts.GetValueOrDefault(knowledgeBase.Id);
        return KnowledgeResponses.Describe(knowledgeBase, documents, chunks);
    }

    /// <summary>Documents and ready chunks per base (one base's, or all).</summary>
    private static async Task<Dictionary<Guid, (int, int)>> CountsAsync(WarblerDbContext db, Guid? id, CancellationToken cancellationToken)
    {
        var documents = db.KnowledgeDocuments.AsNoTracking();
        if (id is { } only)
        {
            documents = documents.Where(d => d.KnowledgeBaseId == only);
        }

        var counts = await documents
            .GroupBy(d => d.KnowledgeBaseId)
            .Select(g => new { Id = g.Key, Documents = g.Count(), Chunks = g.Where(d => d.Status == DocumentStatus.Ready).Sum(d => d.ChunkCount) })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.Id, c => (c.Documents, c.Chunks));
    }
}
