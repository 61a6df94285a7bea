using System.Linq.Expressions;
using Warbler.Data.Rooms;

namespace Warbler.Chat.Attachments;

/// <summary>What queries read of an attachment: all but a document's text, which can be long and is read only for a bot's context.</summary>
internal static class AttachmentColumns
{
    public static readonly Expression<Func<MessageAttachment, MessageAttachment>> WithoutText = a => new MessageAttachment
    {
        Id = a.Id,
        RoomId = a.RoomId,
        MessageId = a.MessageId,
        UploaderId = a.UploaderId,
        FileName = a.FileName,
        MediaType = a.MediaType,
        Kind = a.Kind,
        Size = a.Size,
        Width = a.Width,
        Height = a.Height,
        BlobKey = a.BlobKey,
        CreatedAt = a.CreatedAt,
    };
}
