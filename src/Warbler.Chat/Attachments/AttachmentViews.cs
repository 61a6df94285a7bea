using Microsoft.EntityFrameworkCore;
using Warbler.Data;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Attachments;

/// <summary>Attachments as the API and the hub show them, with the messages they were sent with.</summary>
internal static class AttachmentViews
{
    public static AttachmentResponse Describe(MessageAttachment attachment) =>
        new(attachment.Id, attachment.FileName, attachment.MediaType, attachment.Kind, attachment.Size, attachment.Width, attachment.Height);

    /// <summary>
    /// The attachments of those of <paramref name="messages"/> that can have some (people's, not
    /// recalled), by message id, each message's in the order they were uploaded. One query, none when no message can have any.
    /// </summary>
    public static async Task<Dictionary<long, IReadOnlyList<AttachmentResponse>>> LoadAsync(
        WarblerDbContext db, IEnumerable<Message> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Where(m => m.SenderUserId is not null && m.Status != MessageStatus.Recalled).Select(m => m.Id).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var stored = await db.MessageAttachments.AsNoTracking()
            .Where(a => a.MessageId != null && ids.Contains(a.MessageId.Value))
            .Select(AttachmentColumns.WithoutText)
            .ToListAsync(cancellationToken);
        return stored.GroupBy(a => a.MessageId!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<AttachmentResponse>)[.. g.OrderBy(a => a.Id).Select(Describe)]);
    }
}
