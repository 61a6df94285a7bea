using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Files;
using Warbler.Data;

namespace Warbler.Chat.Attachments;

/// <summary>
/// Removes files with what they belonged to: a recalled message's, a deleted room's, uploads never
/// sent. Rows go first, so nobody is shown a file whose bytes are gone; a store that fails to
/// delete leaves bytes nobody can reach, and says so in the log.
/// </summary>
public sealed class AttachmentRemoval(WarblerDbContext db, IBlobStore blobs, ILogger<AttachmentRemoval> logger)
{
    /// <summary>The blob keys of a room's files: <c>rooms/{roomId}/{attachmentId}</c>.</summary>
    public static string RoomPrefix(Guid roomId) => $"rooms/{roomId:D}/";

    public static string BlobKeyOf(Guid roomId, Guid attachmentId) => $"{RoomPrefix(roomId)}{attachmentId:D}";

    /// <summary>Removes a message's files and their rows.</summary>
    public async Task RemoveForMessageAsync(long messageId, CancellationToken cancellationToken)
    {
        var keys = await db.MessageAttachments.Where(a => a.MessageId == messageId).Select(a => a.BlobKey).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            return;
        }

        await db.MessageAttachments.Where(a => a.MessageId == messageId).ExecuteDeleteAsync(CancellationToken.None);
        await DeleteBlobsAsync(keys);
    }

    /// <summary>Removes the files of a deleted room; its rows went with it.</summary>
    public async Task RemoveRoomFilesAsync(Guid roomId)
    {
        try
        {
            await blobs.DeletePrefixAsync(RoomPrefix(roomId), CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AttachmentsLog.BlobNotDeleted(logger, exception, RoomPrefix(roomId));
        }
    }

    /// <summary>Removes uploads created before <paramref name="cutoff"/> and never sent; returns how many.</summary>
    public async Task<int> RemoveUnsentAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        var unsent = await db.MessageAttachments.Where(a => a.MessageId == null && a.CreatedAt < cutoff)
            .Select(a => new { a.Id, a.BlobKey }).Take(500).ToListAsync(cancellationToken);
        if (unsent.Count == 0)
        {
            return 0;
        }

        var ids = unsent.Select(a => a.Id).ToList();

        // Sent meanwhile: such a row now has a message and stays.
        var removed = await db.MessageAttachments.Where(a => ids.Contains(a.Id) && a.MessageId == null).ExecuteDeleteAsync(CancellationToken.None);
        var stillUnsent = await db.MessageAttachments.Where(a => ids.Contains(a.Id)).Select(a => a.Id).ToListAsync(CancellationToken.None);
        await DeleteBlobsAsync(unsent.Where(a => !stillUnsent.Contains(a.Id)).Select(a => a.BlobKey));
        return removed;
    }

    /// <summary>Deletes the bytes of an upload that was refused or could not be recorded.</summary>
    public Task DeleteBlobAsync(string key) => DeleteBlobsAsync([key]);

    private async Task DeleteBlobsAsync(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            try
            {
                await blobs.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                AttachmentsLog.BlobNotDeleted(logger, exception, key);
            }
        }
    }
}
