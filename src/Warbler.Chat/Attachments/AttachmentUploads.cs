using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Warbler.Chat.Files;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Attachments;

/// <summary>
/// Takes one file uploaded to a room: streamed from the request to a temporary file (never whole in
/// memory) while it is counted against <see cref="FilesOptions.MaxFileBytes"/>, its type found from
/// its first bytes, a document's text read once, then its bytes put in the blob store and its row
/// stored. A refusal at any step leaves nothing behind: no blob, no row.
/// </summary>
internal sealed class AttachmentUploads(
    WarblerDbContext db, IBlobStore blobs, DocumentTextReader reader, AttachmentRemoval removal, IOptions<FilesOptions> files, TimeProvider time,
    ILogger<AttachmentUploads> logger)
{
    public const string FileField = "file";

    private const int BufferSize = 64 * 1024;

    public async Task<(MessageAttachment? Stored, UploadRefusal? Refusal)> UploadAsync(Guid roomId, Guid userId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!await db.RoomMembers.AnyAsync(m => m.RoomId == roomId && m.UserId == userId, cancellationToken))
        {
            return (null, new UploadRefusal(StatusCodes.Status404NotFound, "roomId", AttachmentsApi.RoomNotFound(roomId)));
        }

        var maxBytes = files.Value.MaxFileBytes;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary) is not { Length: > 0 and <= 200 } boundary)
        {
            return (null, new UploadRefusal(StatusCodes.Status415UnsupportedMediaType, FileField, "Send the file as multipart/form-data, in a part named 'file'."));
        }

        // The file's size is counted as it is read (TakeAsync); the reader's own limit would end it with an exception.
        var multipart = new MultipartReader(boundary.ToString(), request.Body) { BodyLengthLimit = null };
        MessageAttachment? taken = null;
        try
        {
            MultipartSection? section;
            while ((section = await multipart.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                if (section.GetContentDispositionHeader() is { } disposition && disposition.IsFileDisposition()
                    && string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).ToString(), FileField, StringComparison.Ordinal))
                {
                    var uploaded = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).ToString();
                    if (AttachmentNames.Problem(uploaded) is { } problem)
                    {
                        return (null, new UploadRefusal(StatusCodes.Status400BadRequest, FileField, problem));
                    }

                    var outcome = await TakeAsync(roomId, userId, AttachmentNames.Sanitize(uploaded!), section.Body, maxBytes, cancellationToken);
                    taken = outcome.Stored;
                    if (taken is not null && await multipart.ReadNextSectionAsync(cancellationToken) is not null)
                    {
                        // One file per upload: the rest is not read, and what was taken is undone.
                        await UndoAsync(taken);
                        return (null, new UploadRefusal(StatusCodes.Status400BadRequest, FileField, "Upload one file per request, in a part named 'file'."));
                    }

                    return outcome;
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException || (exception is IOException && exception is not BadHttpRequestException && !request.HttpContext.RequestAborted.IsCancellationRequested))
        {
            // A form cut short or badly framed (no closing boundary, headers past the reader's limits).
            if (taken is not null)
            {
                await UndoAsync(taken);
            }

            return (null, new UploadRefusal(StatusCodes.Status400BadRequest, FileField, "The body is not a complete multipart/form-data form."));
        }
        catch when (taken is not null)
        {
            // Refused after the file was taken (the rest of the body past the limit, the client gone): nothing of it stays.
            await UndoAsync(taken);
            throw;
        }

        return (null, new UploadRefusal(StatusCodes.Status400BadRequest, FileField, "The form has no file in a part named 'file'."));
    }

    private async Task<(MessageAttachment? Stored, UploadRefusal? Refusal)> TakeAsync(Guid roomId, Guid userId, string name, Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        await using var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), "warbler-upload-" + Guid.NewGuid().ToString("N")),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var size = await SpoolAsync(body, spool, maxBytes, cancellationToken);
        if (size > maxBytes)
        {
            return (null, new UploadRefusal(StatusCodes.Status413PayloadTooLarge, FileField, $"The file is larger than the limit of {maxBytes} bytes."));
        }

        var head = new byte[(int)Math.Min(size, FileSniffer.HeadLength)];
        spool.Position = 0;
        await spool.ReadExactlyAsync(head, cancellationToken);
        if (size == 0)
        {
            return (null, new UploadRefusal(StatusCodes.Status400BadRequest, FileField, "The file is empty."));
        }

        if (FileSniffer.Sniff(head, name) is not { } sniffed)
        {
            return (null, new UploadRefusal(StatusCodes.Status415UnsupportedMediaType, FileField, FileSniffer.Refusal(head, name)));
        }

        string? text = null;
        if (sniffed.Kind != FileKind.Image)
        {
            try
            {
                spool.Position = 0;
                var extracted = await reader.ReadAsync(spool, sniffed, cancellationToken);
                text = extracted.Truncated ? extracted.Text + "\n[The text stops here: the document is longer than Warbler reads.]" : extracted.Text;
            }
            catch (UnreadableFileException unreadable)
            {
                return (null, new UploadRefusal(StatusCodes.Status422UnprocessableEntity, FileField, unreadable.Message));
            }
        }

        var id = Guid.CreateVersion7(time.GetUtcNow());
        var attachment = new MessageAttachment
        {
            Id = id,
            RoomId = roomId,
            UploaderId = userId,
            FileName = name,
            MediaType = sniffed.MediaType,
            Kind = KindOf(sniffed.Kind),
            Size = size,
            Width = sniffed.Width,
            Height = sniffed.Height,
            BlobKey = AttachmentRemoval.BlobKeyOf(roomId, id),
            Text = text,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        spool.Position = 0;
        await blobs.PutAsync(attachment.BlobKey, spool, attachment.MediaType, cancellationToken);
        try
        {
            db.MessageAttachments.Add(attachment);
            await SerialWrites.RunAsync(db, () => db.SaveChangesAsync(CancellationToken.None));
        }
        catch
        {
            await removal.DeleteBlobAsync(attachment.BlobKey);
            throw;
        }

        AttachmentsLog.Uploaded(logger, userId, attachment.Kind, id, size, roomId);
        return (attachment, null);
    }

    /// <summary>Copies the part to the spool, stopping one byte past the limit; returns how many bytes it copied.</summary>
    private static async Task<long> SpoolAsync(Stream body, Stream spool, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return total;
            }

            await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }

    private async Task UndoAsync(MessageAttachment attachment)
    {
        db.MessageAttachments.Remove(attachment);
        await SerialWrites.RunAsync(db, () => db.SaveChangesAsync(CancellationToken.None));
        await removal.DeleteBlobAsync(attachment.BlobKey);
    }

    private static string KindOf(FileKind kind) => kind switch
    {
        FileKind.Image => Contracts.Messages.AttachmentKinds.Image,
        FileKind.Text => Contracts.Messages.AttachmentKinds.Text,
        _ => Contracts.Messages.AttachmentKinds.Document,
    };
}
