using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Files;
using Warbler.Data;
using Warbler.Data.Knowledge;
using KnowledgeDocumentResponse = Warbler.Contracts.Knowledge.KnowledgeDocument;

namespace Warbler.Chat.Knowledge;

/// <summary>
/// <c>/api/admin/knowledge-bases/{id}/documents</c>: upload a file (multipart, field <c>file</c>),
/// which is read at once (a file of the wrong type or that cannot be read is refused) and then
/// chunked and embedded in the background; list and delete documents.
/// </summary>
internal static class KnowledgeDocumentsApi
{
    /// <summary>Room for the multipart framing around the file.</summary>
    private const long FormEnvelope = 64 * 1024;

    public static RouteGroupBuilder MapKnowledgeDocumentsApi(this RouteGroupBuilder bases)
    {
        bases.MapGet("/{id:guid}/documents", ListAsync).WithSummary("List a knowledge base's documents");
        bases.MapPost("/{id:guid}/documents", UploadAsync).WithSummary("Upload a document")
            .WithDescription("Multipart, the file in the field `file`: PDF, Word (.docx), text or Markdown. Answers 202 with the document pending; it is ready once chunked and embedded.")
            .WithMetadata(new OwnBodyLimit());
        bases.MapGet("/{id:guid}/documents/{documentId:guid}", GetAsync).WithSummary("Get a document");
        bases.MapDelete("/{id:guid}/documents/{documentId:guid}", DeleteAsync).WithSummary("Delete a document and its chunks");
        return bases;
    }

    private static async Task<Results<Ok<List<KnowledgeDocumentResponse>>, ProblemHttpResult>> ListAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.KnowledgeBases.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return KnowledgeApi.NotFound(id);
        }

        var documents = await db.KnowledgeDocuments.AsNoTracking().Where(d => d.KnowledgeBaseId == id).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(documents.Select(KnowledgeResponses.Describe).ToList());
    }

    private static async Task<Results<Ok<KnowledgeDocumentResponse>, ProblemHttpResult>> GetAsync(Guid id, Guid documentId, WarblerDbContext db, CancellationToken cancellationToken) =>
        await db.KnowledgeDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId && d.KnowledgeBaseId == id, cancellationToken) is { } document
            ? TypedResults.Ok(KnowledgeResponses.Describe(document))
            : DocumentNotFound(id, documentId);

    private static async Task<Results<Accepted<KnowledgeDocumentResponse>, ProblemHttpResult>> UploadAsync(
        Guid id, HttpRequest request, WarblerDbContext db, IngestionQueue queue, DocumentTextReader reader, IOptions<KnowledgeOptions> options, IOptions<FilesOptions> files,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var maxBytes = files.Value.MaxFileBytes;

        // A document may be larger than other /api bodies.
        var limit = maxBytes + FormEnvelope;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return TooLarge(maxBytes);
        }

        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(
                "Send the document as multipart/form-data, in the field 'file'.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? TooLarge(maxBytes)
                : BadRequest("The multipart body could not be read.");
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return BadRequest("Send the document in the multipart field 'file'.");
        }

        if (file.Length > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (file.Length == 0)
        {
            return BadRequest("The file is empty.");
        }

        if (!await db.KnowledgeBases.AnyAsync(b => b.Id == id, cancellationToken))
        {
            return KnowledgeApi.NotFound(id);
        }

        if (await db.KnowledgeDocuments.CountAsync(d => d.KnowledgeBaseId == id, cancellationToken) >= settings.MaxDocumentsPerBase)
        {
            return TypedResults.Problem(
                $"The knowledge base holds {settings.MaxDocumentsPerBase} documents, the most it may (Chat:Knowledge:MaxDocumentsPerBase).",
                statusCode: StatusCodes.Status409Conflict, title: "Conflict");
        }

        var read = await DocumentFile.ReadAsync(file, reader, cancellationToken);
        if (read.Refusal is { } refusal)
        {
            return TypedResults.Problem(refusal.Detail, statusCode: refusal.Status, title: refusal.Title);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var document = new KnowledgeDocument
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            KnowledgeBaseId = id,
            FileName = read.FileName,
            MediaType = read.MediaType,
            Size = file.Length,
            Text = read.Text,
            Status = DocumentStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.KnowledgeDocuments.Add(document);
        await SerialWrites.RunAsync(db, () => db.SaveChangesAsync(cancellationToken));
        queue.Enqueue(document.Id);
        return TypedResults.Accepted($"/api/admin/knowledge-bases/{id}/documents/{document.Id}", KnowledgeResponses.Describe(document));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Guid documentId, WarblerDbContext db, IVectorStore store, CancellationToken cancellationToken)
    {
        // Its chunks go with it (the database cascades the delete).
        if (await db.KnowledgeDocuments.Where(d => d.Id == documentId && d.KnowledgeBaseId == id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            return DocumentNotFound(id, documentId);
        }

        await store.DocumentChangedAsync(id, documentId, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Tells the server's /api body cap that this endpoint sets its own (Chat:Files:MaxFileBytes), before it reads the body.</summary>
    private sealed class OwnBodyLimit : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => null;
    }

    private static ProblemHttpResult DocumentNotFound(Guid id, Guid documentId) =>
        TypedResults.Problem($"Knowledge base {id} has no document {documentId}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static ProblemHttpResult TooLarge(long max) =>
        TypedResults.Problem($"The document is larger than {max} bytes (Chat:Files:MaxFileBytes).", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");
}
