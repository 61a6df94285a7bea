namespace Warbler.Data.Rooms;

/// <summary>
/// A file uploaded to a room. It belongs to nobody's message until its uploader sends one with it;
/// an upload never sent is removed after a while. Its bytes live in the blob store under <see cref="BlobKey"/>.
/// </summary>
public sealed class MessageAttachment
{
    public Guid Id { get; set; }

    public Guid RoomId { get; set; }

    /// <summary>The message it was sent with; null until then.</summary>
    public long? MessageId { get; set; }

    public Guid UploaderId { get; set; }

    /// <summary>The name as shown: no folders, no control characters, at most <see cref="RoomLimits.AttachmentNameMaxLength"/> characters.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The media type found from the content, never the one the uploader claimed.</summary>
    public string MediaType { get; set; } = "";

    /// <summary><c>image</c>, <c>document</c> or <c>text</c>, from the content.</summary>
    public string Kind { get; set; } = "";

    public long Size { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public string BlobKey { get; set; } = "";

    /// <summary>A document's text, read once at upload so that replies need not read the file again.</summary>
    public string? Text { get; set; }

    public DateTime CreatedAt { get; set; }
}
