using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Files;
using Warbler.Chat.Identity;
using Warbler.Contracts.Messages;
using Warbler.Data;

namespace Warbler.Chat.Attachments;

/// <summary>
/// <c>/api/rooms/{roomId}/attachments</c>: upload a file to a room (then send it with a message),
/// download one. Only the room's members see either; to anyone else the room does not exist.
/// </summary>
internal static class AttachmentsApi
{
    /// <summary>Room in the body for the multipart framing around the file.</summary>
    private const long FormEnvelope = 64 * 1024;

    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var files = app.ServiceProvider.GetRequiredService<IOptions<FilesOptions>>();
        var attachments = app.MapGroup("/api/rooms/{roomId:guid}/attachments").RequireAuthorization(ChatPolicies.SignedIn).WithTags("Attachments");
        attachments.MapPost("/", UploadAsync)
            .WithSummary("Upload a file to a room")
            .WithDescription("multipart/form-data with one part named `file`. Images (PNG, JPEG, WebP, GIF), text, Markdown, source code, PDF and Word (.docx), at most `Chat:Files:MaxFileBytes`; the type is found from the content and must agree with the name. Send the returned id in a message's `attachmentIds`; an upload never sent is removed after `Chat:Attachments:UnsentLifetime`.")
            .Produces<AttachmentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesValidationProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(new UploadSizeLimit(() => files.Value.MaxFileBytes + FormEnvelope));
        attachments.MapGet("/{attachmentId:guid}", DownloadAsync)
            .WithSummary("Download a file")
            .WithDescription("Served with the type found at upload, `inline` for images and as an `attachment` otherwise, in a sandbox; ranges are supported.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>As the rest of the rooms API words it.</summary>
    public static string RoomNotFound(Guid roomId) => $"There is no room {roomId} that you are a member of.";

    private static async Task<IResult> UploadAsync(Guid roomId, HttpRequest request, ClaimsPrincipal user, AttachmentUploads uploads, CancellationToken cancellationToken)
    {
        var (stored, refusal) = await uploads.UploadAsync(roomId, user.UserId(), request, cancellationToken);
        return stored is null
            ? refusal!.ToResult()
            : TypedResults.Created($"/api/rooms/{roomId}/attachments/{stored.Id}", AttachmentViews.Describe(stored));
    }

    private static async Task<IResult> DownloadAsync(
        Guid roomId, Guid attachmentId, HttpContext context, ClaimsPrincipal user, WarblerDbContext db, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var me = user.UserId();
        if (!await db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == me, cancellationToken))
        {
            return TypedResults.Problem(RoomNotFound(roomId), statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        // An upload not sent yet is its uploader's alone.
        var attachment = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.RoomId == roomId && (a.MessageId != null || a.UploaderId == me))
            .Select(a => new { a.FileName, a.MediaType, a.Kind, a.BlobKey })
            .SingleOrDefaultAsync(cancellationToken);
        var content = attachment is null ? null : await blobs.OpenReadAsync(attachment.BlobKey, cancellationToken);
        if (attachment is null || content is null)
        {
            return TypedResults.Problem($"There is no file {attachmentId} in this room.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var headers = context.Response.Headers;
        headers.ContentDisposition = AttachmentNames.ContentDisposition(attachment.FileName, inline: attachment.Kind == AttachmentKinds.Image);
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private";
        // Text is always UTF-8 (checked at upload); saying so keeps a browser from guessing.
        var mediaType = attachment.MediaType.StartsWith("text/", StringComparison.Ordinal) ? attachment.MediaType + "; charset=utf-8" : attachment.MediaType;
        return TypedResults.Stream(content, mediaType, enableRangeProcessing: true);
    }

    /// <summary>The upload route's body limit, read from the options when a request comes (the API's own cap is far lower).</summary>
    private sealed class UploadSizeLimit(Func<long> limit) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => limit();
    }
}
